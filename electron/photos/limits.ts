/** Files larger than this are refused before they are read. */
export const MAX_PHOTO_BYTES = 50 * 1024 * 1024;
/** Images with more pixels than this are refused before they are decoded (a 20,000 × 20,000 image has 400 million). */
export const MAX_PHOTO_PIXELS = 100_000_000;
