/** The kernel's built-in formatters, tried after any registered with registerFormatter (kernel/api.ts). */
import { isTypedArray, mapBundle, setBundle, typedArrayBundle } from "./collections";
import { frameBundle, isFrame } from "./dataframe";
import { imageBytesBundle, isJpegBytes, isPngBytes, isSharp, sharpBundle } from "./image";
import type { Bundle } from "./grid";
import { isTensor, tensorBundle } from "./tensor";

/** A test and the bundle of the values it accepts (api.ts's Formatter). */
export interface BuiltinFormatter {
  test: (value: unknown) => boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test has already checked the value's shape
  toBundle: (value: any) => Bundle | Promise<Bundle>;
}

/** In order: the first whose test passes formats the value. Image bytes come before typed arrays. */
export const BUILTIN_FORMATTERS: readonly BuiltinFormatter[] = [
  { test: isTensor, toBundle: tensorBundle },
  { test: isFrame, toBundle: frameBundle },
  { test: isSharp, toBundle: sharpBundle },
  { test: (v) => isPngBytes(v) || isJpegBytes(v), toBundle: imageBytesBundle },
  { test: isTypedArray, toBundle: typedArrayBundle },
  { test: (v) => v instanceof Map, toBundle: mapBundle },
  { test: (v) => v instanceof Set, toBundle: setBundle },
];
