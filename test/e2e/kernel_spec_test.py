"""jupyter_kernel_test's conformance suite against the imagenot-ts kernel, with TypeScript samples.

Run by test/e2e/kernel-spec.test.ts, which installs the kernelspec into a temporary prefix and points JUPYTER_PATH
at it; run by hand with `JUPYTER_PATH=DIR/share/jupyter /usr/bin/python3 -m unittest test/e2e/kernel_spec_test.py`.
"""
import unittest

import jupyter_kernel_test


class ImagenotTsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "imagenot-ts"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world");'
    code_stderr = 'console.error("oops");'
    code_generate_error = 'throw new Error("boom");'
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "const s: string = 'ab'; s + 'c'", "result": "'abc'"},
        {"code": "[1, 2, 3].map((x) => x * 2)", "result": "[ 2, 4, 6 ]"},
        {"code": "({ a: 1, b: 'x' })", "result": "{ a: 1, b: 'x' }"},
    ]
    code_display_data = [
        {"code": 'import { display } from "imagenot-lab/kernel"; display.html("<b>bold</b>");', "mime": "text/html"},
        {"code": 'import { display } from "imagenot-lab/kernel"; display.svg("<svg xmlns=\'http://www.w3.org/2000/svg\'/>");', "mime": "image/svg+xml"},
        {"code": 'import { display } from "imagenot-lab/kernel"; display.json({ a: [1, 2] });', "mime": "application/json"},
        {"code": 'import { display } from "imagenot-lab/kernel"; display.png(new Uint8Array([137, 80, 78, 71]));', "mime": "image/png"},
    ]
    code_clear_output = 'import { clearOutput } from "imagenot-lab/kernel"; clearOutput();'
    code_history_pattern = "1 + *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "Math.max"
    completion_samples = [
        {"text": "Math.ma", "matches": {"max"}},
        {"text": "[1, 2].fil", "matches": {"fill", "filter"}},
    ]
    complete_code_samples = ["1 + 1", "const a = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const a = [1,", "if (true) {"]


if __name__ == "__main__":
    unittest.main()
