/**
 * Markdown for exported notebooks: markdown-it (CommonMark with tables and raw HTML, as Jupyter renders), LaTeX
 * math through KaTeX at export time, heading ids for a table of contents, and KaTeX's stylesheet with its fonts
 * embedded so the page needs nothing from a network.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import katex from "katex";
import MarkdownIt from "markdown-it";
import markdownItKatex from "@vscode/markdown-it-katex";

/** One heading of the rendered markdown, with the id its element got. */
export interface Heading {
  level: number;
  text: string;
  id: string;
}

export interface MarkdownRenderer {
  /** The HTML of `markdown`; its headings are added to `headings`. */
  render(markdown: string): string;
  /** Every heading rendered so far, in order; ids are unique across all calls. */
  readonly headings: Heading[];
}

/** A slug as GitHub makes them: lower case, punctuation dropped, spaces to dashes. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .trim()
      .replace(/[^\p{L}\p{N}\s-]/gu, "")
      .replace(/\s+/g, "-") || "section"
  );
}

/** A renderer for the markdown cells of one page (heading ids stay unique across its cells). */
export function markdownRenderer(): MarkdownRenderer {
  const md = new MarkdownIt({ html: true, linkify: true });
  md.use(markdownItKatex, { katex, throwOnError: false, enableFencedBlocks: true });
  const headings: Heading[] = [];
  const used = new Map<string, number>();
  md.core.ruler.push("heading_ids", (state) => {
    state.tokens.forEach((token, i) => {
      if (token.type !== "heading_open") return;
      const inline = state.tokens[i + 1];
      // The heading's text without markup: what the table of contents shows.
      const text = (inline.children ?? [])
        .filter((t) => t.type === "text" || t.type === "code_inline")
        .map((t) => t.content)
        .join("");
      const base = slug(text);
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      const id = n === 0 ? base : `${base}-${n}`;
      token.attrSet("id", id);
      headings.push({ level: Number(token.tag.slice(1)), text, id });
    });
  });
  return { render: (markdown) => md.render(markdown), headings };
}

/** Whether rendered HTML holds KaTeX output (and so needs its stylesheet). */
export function hasMath(html: string): boolean {
  return html.includes('class="katex');
}

let katexStyles: string | undefined;

/** KaTeX's stylesheet with every font as an embedded woff2 (what current browsers load), read once. */
export function katexCss(): string {
  if (katexStyles !== undefined) return katexStyles;
  const dist = join(dirname(require.resolve("katex/package.json")), "dist");
  const css = readFileSync(join(dist, "katex.min.css"), "utf8");
  katexStyles = css.replace(
    /src:url\((fonts\/[^)]+\.woff2)\) format\("woff2"\)[^;}]*/g,
    (_, file) => {
      const font = readFileSync(join(dist, file)).toString("base64");
      return `src:url(data:font/woff2;base64,${font}) format("woff2")`;
    },
  );
  return katexStyles;
}

/** A table of contents: one link per heading, indented by level; empty without headings. */
export function tableOfContents(
  headings: readonly Heading[],
  escape: (s: string) => string,
): string {
  if (headings.length === 0) return "";
  const top = Math.min(...headings.map((h) => h.level));
  const items = headings.map(
    (h) =>
      `<li class="toc-level-${h.level - top}"><a href="#${escape(h.id)}">${escape(h.text)}</a></li>`,
  );
  return `<nav class="toc"><div class="toc-title">Contents</div><ul>${items.join("")}</ul></nav>`;
}
