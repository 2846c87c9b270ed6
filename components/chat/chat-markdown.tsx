"use client";

import Markdown, { type Components } from "react-markdown";
import remarkBreaks from "remark-breaks";
import remarkGfm from "remark-gfm";

/**
 * Only absolute http(s) URLs survive; anything else (javascript:, data:, mailto:, relative
 * paths) leaves the link text without a link.
 */
function safeUrl(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

const COMPONENTS: Components = {
  p: ({ children }) => <p className="[&:not(:first-child)]:mt-2">{children}</p>,
  ul: ({ children }) => <ul className="my-1 list-disc space-y-0.5 pl-4">{children}</ul>,
  ol: ({ children }) => <ol className="my-1 list-decimal space-y-0.5 pl-4">{children}</ol>,
  strong: ({ children }) => <strong className="font-semibold">{children}</strong>,
  a: ({ href, children }) =>
    href ? (
      <a
        href={href}
        target="_blank"
        rel="noopener noreferrer nofollow"
        className="underline underline-offset-2"
      >
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  code: ({ children }) => (
    <code className="rounded bg-black/10 px-1 font-mono text-[0.85em]">{children}</code>
  ),
  pre: ({ children }) => (
    <pre className="my-1 overflow-x-auto rounded bg-black/10 p-2 text-xs">{children}</pre>
  ),
  table: ({ children }) => (
    <div className="my-1 overflow-x-auto">
      <table className="border-collapse text-xs [&_td]:border [&_td]:px-1.5 [&_th]:border [&_th]:px-1.5">
        {children}
      </table>
    </div>
  ),
  h1: ({ children }) => <p className="mt-2 font-semibold first:mt-0">{children}</p>,
  h2: ({ children }) => <p className="mt-2 font-semibold first:mt-0">{children}</p>,
  h3: ({ children }) => <p className="mt-2 font-semibold first:mt-0">{children}</p>,
};

/**
 * A chat message's text as Markdown (react-markdown, GitHub-flavoured: lists, **bold**,
 * tables, links; single newlines are line breaks). Raw HTML is never interpreted (it shows as
 * text), images are not loaded, and links open http(s) targets only, in a new tab with
 * `rel="noopener noreferrer nofollow"`. `•` bullets, which the offline model writes, are
 * read as list items.
 */
export function ChatMarkdown({ text }: { text: string }) {
  return (
    <Markdown
      remarkPlugins={[remarkGfm, remarkBreaks]}
      components={COMPONENTS}
      disallowedElements={["img"]}
      urlTransform={(url, key) => (key === "href" ? safeUrl(url) : null)}
    >
      {text.trim().replace(/^(\s*)•\s+/gm, "$1- ")}
    </Markdown>
  );
}
