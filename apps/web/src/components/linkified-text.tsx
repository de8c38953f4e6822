const URL_PATTERN = /(https?:\/\/[^\s<>"']+)/g;

/** Plain text with its http(s) URLs turned into links; nothing else is interpreted as markup. */
export function LinkifiedText({ text }: { text: string }) {
  const parts = text.split(URL_PATTERN);
  return (
    <>
      {parts.map((part, index) =>
        index % 2 === 1 ? (
          <a
            // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never reorder
            key={index}
            href={part}
            className="break-all font-medium text-link underline hover:text-sky-900"
          >
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}
