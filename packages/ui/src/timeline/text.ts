// Text metrics shared by the layout pieces (no DOM to measure with: the layout is pure).

/** Average glyph width of the 11px UI font, used to decide whether a label fits in its bar. */
export const TIMELINE_CHAR_PX = 6.3;
