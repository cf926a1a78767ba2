export { qr } from "./qr";
export type { QrOptions, QrResult } from "./qr";
export { lu } from "./lu";
export type { LuResult } from "./lu";
export { solve, det, slogdet, inv } from "./solve";
export type { SlogdetResult } from "./solve";
export { cholesky } from "./cholesky";
export { eigh, eigvalsh } from "./eigh";
export type { EighResult } from "./eigh";
