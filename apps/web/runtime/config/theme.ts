/** app.theme as CSS variables on the runtime's root: the primary colour and light or dark tokens. */
import type { BlueprintV2 } from "@plinth/blueprint";

const DARK: Record<string, string> = {
  "--background": "oklch(0.17 0.01 265)",
  "--foreground": "oklch(0.96 0.005 265)",
  "--card": "oklch(0.21 0.012 265)",
  "--card-foreground": "oklch(0.96 0.005 265)",
  "--popover": "oklch(0.21 0.012 265)",
  "--popover-foreground": "oklch(0.96 0.005 265)",
  "--secondary": "oklch(0.27 0.012 265)",
  "--secondary-foreground": "oklch(0.96 0.005 265)",
  "--muted": "oklch(0.26 0.01 265)",
  "--muted-foreground": "oklch(0.72 0.015 265)",
  "--accent": "oklch(0.28 0.02 265)",
  "--accent-foreground": "oklch(0.96 0.005 265)",
  "--border": "oklch(0.32 0.01 265)",
  "--input": "oklch(0.36 0.012 265)",
};

/** Relative luminance (WCAG) of a #rrggbb colour. */
export function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

export function themeStyle(theme: BlueprintV2["app"]["theme"]): Record<string, string> {
  const primary = theme.primaryColor;
  // Whichever of white or near-black text reads better on the primary colour.
  const l = luminance(primary);
  const onPrimary = 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? "#ffffff" : "#0b0b0f";
  return {
    ...(theme.mode === "dark" ? DARK : {}),
    "--primary": primary,
    "--primary-foreground": onPrimary,
    "--ring": primary,
    colorScheme: theme.mode,
  };
}
