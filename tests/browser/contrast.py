"""The contrast of an element's text with what is behind it, as WCAG computes it from the
computed colours."""

# Colours as getComputedStyle gives them, and the background behind a node: the nearest
# ancestor's that is mostly opaque; white if none is.
COLOURS = """
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
  const backgroundOf = start => {
    for (let node = start; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      if ((channels(colour)[3] ?? 1) > 0.5) return colour;
    }
    return "rgb(255, 255, 255)";
  };
  const contrast = (one, other) => {
    const [lighter, darker] = [luminance(one), luminance(other)].sort((a, b) => b - a);
    return (lighter + 0.05) / (darker + 0.05);
  };
"""

CONTRAST_WITH_BACKGROUND = (
    "element => {"
    + COLOURS
    + "return contrast(getComputedStyle(element).color, backgroundOf(element)); }"
)

# The contrast of the focused element's outline with what it is drawn on (the parent's
# background, or the element's own for an outline drawn inside it); 0 for no outline, one
# thinner than 2px, or the browser's own ("auto"), whose colour the page does not set.
FOCUS_RING_CONTRAST = (
    "element => {"
    + COLOURS
    + """
  const style = getComputedStyle(element);
  if (["none", "auto"].includes(style.outlineStyle) || parseFloat(style.outlineWidth) < 2) {
    return 0;
  }
  const inside = parseFloat(style.outlineOffset) < 0;
  return contrast(style.outlineColor, backgroundOf(inside ? element : element.parentElement));
}"""
)

AA_BODY_TEXT = 4.5
# WCAG 2.2's minimum for what shows where the keyboard is (1.4.11, 2.4.13).
AA_NON_TEXT = 3


def text_contrast(locator) -> float:
    return locator.evaluate(CONTRAST_WITH_BACKGROUND)


# One call to the page, not three (a handle on the focused element, then its name, then its
# ring): the keyboard tests measure after each of some 150 key presses.
FOCUSED_AND_ITS_RING = (
    "() => { const e = document.activeElement; return ["
    "`${e.tagName.toLowerCase()}#${e.id || e.name || e.className}`, "
    f"({FOCUS_RING_CONTRAST})(e)]; }}"
)


def focus_ring_contrast(page) -> tuple[str, float]:
    """What has the keyboard (its tag, and id or name) and how its focus ring stands out."""
    name, contrast = page.evaluate(FOCUSED_AND_ITS_RING)
    return name, contrast


def settled_contrast(locator, at_least: float = AA_BODY_TEXT, seconds: float = 5) -> float:
    """The text's contrast once the page has had ``seconds`` to reach ``at_least``: a loaded
    machine may be measured between a change of colour scheme and the styles it brings.
    A contrast that stays lower is returned as it was last measured, for the test to fail."""
    import time

    deadline = time.monotonic() + seconds
    while (contrast := text_contrast(locator)) < at_least and time.monotonic() < deadline:
        time.sleep(0.1)
    return contrast
