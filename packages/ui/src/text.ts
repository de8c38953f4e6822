/**
 * A message shown on its own, as a sentence. Server messages start in lower case so they
 * compose ("name: …", "Worker queue 2: …"); alone they start with a capital — but only when
 * their first word is the message's own plain word. A message that opens with what the person
 * typed (an e-mail address, a `quoted` name, a dotted setting, an id, a camelCase field) keeps
 * it exactly: "dana@example.com is already a member", never "Dana@example.com …".
 */
export function asSentence(message: string): string {
  const firstWord = message.split(/\s/, 1)[0] ?? "";
  // The message's own words are plain lower-case words (a trailing comma or colon allowed).
  if (!/^[a-z]+[,:;]?$/.test(firstWord)) return message;
  return message.charAt(0).toUpperCase() + message.slice(1);
}
