// ESLint: the TypeScript rules (typescript-eslint's recommended set) over the project's own code.
// Import cycles and the direction of imports are checked by scripts/arrows.ts (test/layout/arrows.test.ts).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "out/", "runs/", "data/", "docs/", "test/fixtures/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Commands and heavy modules are loaded with require() when used, so that `--help` and the kernel
      // start without TensorFlow.js: deliberate, not an oversight.
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
      // Prettier wraps code at 100 columns; this catches the comments and lines it cannot wrap.
      "max-len": [
        "error",
        {
          code: 120,
          ignoreStrings: true,
          ignoreTemplateLiterals: true,
          ignoreRegExpLiterals: true,
          ignoreUrls: true,
        },
      ],
    },
  },
  {
    // Tests read JSON messages of many shapes.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off", "no-control-regex": "off" },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { ...globals.node } },
  },
  {
    // Page scripts that run in the browser.
    files: ["widgets/**/page/**/*.ts", "test/e2e/**/page*.ts"],
    languageOptions: { globals: { ...globals.browser } },
  },
);
