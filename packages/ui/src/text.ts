/**
 * Starts a message as a sentence. Domain messages are written lower-case to compose into
 * sentences; shown alone, they start one — unless they start with something the user typed
 * (an e-mail address, a `quoted` name), which must stay exactly as typed.
 */
export function asSentence(message: string): string {
  const first = message.split(/\s/, 1)[0] ?? "";
  if (/[@`"'/_.\d]/.test(first) || first.length === 0) return message;
  return `${first.charAt(0).toUpperCase()}${message.slice(1)}`;
}
