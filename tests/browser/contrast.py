"""The contrast of an element's text with what is behind it, as WCAG computes it from the
computed colours."""

# The background is the nearest ancestor's that is mostly opaque; white if none is.
CONTRAST_WITH_BACKGROUND = """element => {
  // "rgb(r, g, b)" in 0-255, or "color(srgb r g b / a)" in 0-1, as color-mix() computes.
  const channels = colour => {
    const [r, g, b, a] = colour.match(/[\\d.]+/g).map(Number);
    const scale = colour.startsWith("color(") ? 255 : 1;
    return [r * scale, g * scale, b * scale, a];
  };
  const luminance = colour => {
    const [r, g, b] = channels(colour).slice(0, 3).map(value => {
      value /= 255;
      return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  let background = "rgb(255, 255, 255)";
  for (let node = element; node; node = node.parentElement) {
    const colour = getComputedStyle(node).backgroundColor;
    if ((channels(colour)[3] ?? 1) > 0.5) { background = colour; break; }
  }
  const [lighter, darker] = [luminance(getComputedStyle(element).color), luminance(background)]
    .sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}"""

AA_BODY_TEXT = 4.5


def text_contrast(locator) -> float:
    return locator.evaluate(CONTRAST_WITH_BACKGROUND)


def settled_contrast(locator, at_least: float = AA_BODY_TEXT, seconds: float = 5) -> float:
    """The text's contrast once the page has had ``seconds`` to reach ``at_least``: a loaded
    machine may be measured between a change of colour scheme and the styles it brings.
    A contrast that stays lower is returned as it was last measured, for the test to fail."""
    import time

    deadline = time.monotonic() + seconds
    while (contrast := text_contrast(locator)) < at_least and time.monotonic() < deadline:
        time.sleep(0.1)
    return contrast
