// REST answers errors with the envelope every HTTP surface shares (../http-errors.ts).
import { describeIssue } from "@skyport/domain";
import { errorEnvelopeSchema, HttpError } from "../http-errors.ts";

export { errorResponse, jsonResponse } from "../http-errors.ts";

/** The error body every REST answer >= 400 carries. */
export const restErrorSchema = errorEnvelopeSchema;
export type RestErrorBody = typeof restErrorSchema._output;

/** An error the REST layer itself raises (bad JSON, unknown route, bad pagination cursor). */
export const RestError = HttpError;
export type RestError = HttpError;

export function badRequest(message: string, field?: string): HttpError {
  return new HttpError(400, "BAD_REQUEST", field ? describeIssue(field, message) : message, field);
}
