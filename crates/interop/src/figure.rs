//! Exercise figures: a body pose drawn as SVG, animated between the start and end positions.
