"use client";

import { HeaderRow, Table, TBody, Td, Th, Tr } from "@skyport/ui";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type ChangeEvent, type FormEvent, useState } from "react";
import { useTRPCClient } from "@/client/trpc.tsx";
import { Button, FieldError, FormError, FormNotice, fieldError, inputClass } from "@/components/forms.tsx";
import { changeNotice } from "./change-notice.ts";
import { CheckboxField } from "./checkbox-field.tsx";
import { type DotenvPreview, importProblems, previewDotenv, withServerProblems } from "./dotenv-preview.ts";
import { importApi } from "./environment-api.ts";
import { shownField } from "./errors.ts";
import { type LinksDraft, linksInput, NEW_LINKS } from "./links.ts";
import { OwnerLinksField } from "./links-field.tsx";
import { environmentHref } from "./owner.ts";
import type { AddToOwnerProps } from "./types.ts";

const SHOWN_FIELDS = ["text", "isSecret", "overwrite", "linkAllDeployments", "linkedDeploymentIds"];

/** Files bigger than the server takes are refused before reading them into the page. */
const MAX_FILE_BYTES = 1024 * 1024;

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * Import a .env file: paste it or choose it, preview what each line becomes, then import it all
 * or nothing. The server checks every line again and names each problem by its line.
 */
export function ImportDotenvForm({ owner, deployments }: AddToOwnerProps) {
  const client = useTRPCClient();
  const router = useRouter();
  const [text, setText] = useState("");
  const [fileName, setFileName] = useState<string>();
  const [fileError, setFileError] = useState<string>();
  const [isSecret, setIsSecret] = useState(false);
  const [overwrite, setOverwrite] = useState(false);
  const [links, setLinks] = useState<LinksDraft>(NEW_LINKS);
  // The text the preview was made from; what Import sends, so what you saw is what is imported.
  const [previewed, setPreviewed] = useState<{ text: string; preview: DotenvPreview } | null>(null);
  const [notice, setNotice] = useState<string>();
  const run = useMutation({
    mutationFn: importApi(client, owner),
    onSuccess: (result) => {
      const what = `Imported ${plural(result.created.length, "new variable", "new variables")}${
        result.updated.length ? ` and replaced ${plural(result.updated.length, "value", "values")}` : ""
      }`;
      setNotice(changeNotice(what, result));
      setText("");
      setFileName(undefined);
      setPreviewed(null);
      router.refresh();
    },
  });

  function changeText(next: string) {
    setText(next);
    // An edit makes the preview (and any problems found in it) stale.
    setPreviewed(null);
    setNotice(undefined);
    run.reset();
  }

  async function chooseFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    setFileError(undefined);
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setFileError(`${file.name} is larger than 1 MiB; import at most 1 MiB at once.`);
      return;
    }
    changeText(await file.text());
    setFileName(file.name);
  }

  function preview(event: FormEvent) {
    event.preventDefault();
    setNotice(undefined);
    run.reset();
    setPreviewed({ text, preview: previewDotenv(text) });
  }

  const problems = importProblems(run.error);
  const textError = fieldError(run.error, "text");
  const lines = previewed ? withServerProblems(previewed.preview, problems.byLine) : [];
  // Problems no input shows go above the preview (the server's own message when it named no field).
  const above = problems.other
    .filter((problem) => problem.field === null || !shownField(problem.field, SHOWN_FIELDS))
    .map((problem) => (problem.field ? `${problem.field}: ${problem.message}` : problem.message))
    .join("; ");
  const canImport =
    previewed !== null && previewed.preview.entryCount > 0 && previewed.preview.problemCount === 0;

  return (
    <div className="space-y-4 px-5 py-4">
      <FormNotice message={notice} />
      {notice ? (
        <p className="text-sm">
          <Link href={environmentHref(owner, "variables")} className="font-medium text-link hover:underline">
            See the environment variables
          </Link>
        </p>
      ) : null}
      <form onSubmit={preview} noValidate aria-label="Preview a .env file" className="space-y-4">
        <div>
          <label htmlFor="dotenv-text" className="block text-sm font-medium text-fg">
            Contents of the .env file
          </label>
          <textarea
            id="dotenv-text"
            rows={10}
            spellCheck={false}
            autoComplete="off"
            placeholder={
              '# comments and blank lines are skipped\nWAREHOUSE_USER=etl\nexport REPORT_BUCKET="s3://reports"'
            }
            value={text}
            onChange={(event) => changeText(event.target.value)}
            aria-invalid={textError ? true : undefined}
            aria-describedby={`dotenv-text-hint${textError ? " dotenv-text-error" : ""}`}
            className={`mt-1.5 ${inputClass} font-mono`}
          />
          <p id="dotenv-text-hint" className="mt-1.5 text-xs text-fg-muted">
            KEY=value per line; an optional <code>export</code>; values in double quotes take \n escapes and
            may span lines, single quotes are literal; <code> #</code> after an unquoted value starts a
            comment.
          </p>
          <FieldError id="dotenv-text-error" message={textError} />
        </div>
        <div>
          <label htmlFor="dotenv-file" className="block text-sm font-medium text-fg">
            Or choose a file
          </label>
          <input
            id="dotenv-file"
            type="file"
            accept=".env,.txt,text/plain"
            onChange={(event) => void chooseFile(event)}
            aria-describedby={fileError ? "dotenv-file-error" : undefined}
            className="mt-1.5 block text-sm text-fg file:mr-3 file:rounded-md file:border-0 file:bg-surface-raised file:px-3 file:py-1.5 file:text-sm file:font-semibold file:text-fg hover:file:bg-slate-200"
          />
          {fileName ? (
            <p className="mt-1.5 text-xs text-fg-muted">Read {fileName} into the box above.</p>
          ) : null}
          <FieldError id="dotenv-file-error" message={fileError} />
        </div>
        <Button type="submit" variant="secondary" disabled={text.trim() === ""}>
          Preview
        </Button>
      </form>

      {previewed ? (
        <section aria-labelledby="dotenv-preview-heading" className="space-y-4 border-t border-line pt-4">
          <div>
            <h3 id="dotenv-preview-heading" className="text-sm font-semibold text-fg">
              Preview
            </h3>
            <p className="mt-0.5 text-sm text-fg-muted">
              {plural(previewed.preview.entryCount, "variable", "variables")}
              {previewed.preview.problemCount
                ? `; ${plural(previewed.preview.problemCount, "line needs", "lines need")} fixing before anything can be imported.`
                : ". Names, reserved names and keys that already exist are checked when you import; nothing is written unless every line is good."}
            </p>
          </div>
          <FormError message={above || undefined} />
          {problems.byLine.size ? (
            <FormError
              message={`Nothing was imported: ${plural(problems.byLine.size, "line has", "lines have")} problems, shown below.`}
            />
          ) : null}
          {lines.length ? (
            <div className="rounded-lg ring-1 ring-line">
              <Table>
                <caption className="sr-only">What each line of the file becomes</caption>
                <HeaderRow columns={["Line", "Key", "Value", "Problems"]} />
                <TBody>
                  {lines.map((line) => (
                    <Tr key={line.line} className={line.problems.length ? "bg-danger-soft" : undefined}>
                      <Td label="Line" className="font-mono text-xs">
                        {line.line}
                      </Td>
                      <Th scope="row" className="font-mono text-xs break-all">
                        {line.key ?? "—"}
                      </Th>
                      <Td label="Value" className="font-mono text-xs break-all sm:max-w-md">
                        {line.value === null ? (
                          "—"
                        ) : isSecret ? (
                          <span className="tracking-widest text-fg-subtle">••••••••</span>
                        ) : (
                          <span className="line-clamp-2 whitespace-pre-wrap">{line.value || "(empty)"}</span>
                        )}
                      </Td>
                      <Td label="Problems" className="text-danger-fg">
                        {line.problems.length ? (
                          <ul className="space-y-0.5">
                            {line.problems.map((problem) => (
                              <li key={problem}>{problem}</li>
                            ))}
                          </ul>
                        ) : (
                          <span className="text-fg-subtle">—</span>
                        )}
                      </Td>
                    </Tr>
                  ))}
                </TBody>
              </Table>
            </div>
          ) : null}
          <div className="space-y-3">
            {[
              {
                field: "isSecret",
                id: "dotenv-secret",
                label: "Mark every imported variable secret",
                hint: "Their values become write-only: never shown again.",
                checked: isSecret,
                onChange: setIsSecret,
              },
              {
                field: "overwrite",
                id: "dotenv-overwrite",
                label: "Replace the values of variables that already exist",
                hint: "Without this, a key that already exists stops the import. A secret variable stays secret.",
                checked: overwrite,
                onChange: setOverwrite,
              },
            ].map(({ field, ...option }) => (
              <CheckboxField key={option.id} {...option} error={fieldError(run.error, field)} />
            ))}
            <OwnerLinksField
              owner={owner}
              id="dotenv-links"
              draft={links}
              onChange={setLinks}
              deployments={deployments}
              error={run.error}
            />
          </div>
          <Button
            disabled={!canImport || run.isPending}
            onClick={() =>
              previewed &&
              run.mutate({
                text: previewed.text,
                isSecret,
                overwrite,
                links: linksInput(links),
              })
            }
          >
            {run.isPending
              ? "Importing…"
              : `Import ${plural(previewed.preview.entryCount, "variable", "variables")}`}
          </Button>
        </section>
      ) : null}
    </div>
  );
}
