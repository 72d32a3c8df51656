declare module 'unicode-name' {
  /** The Unicode name of a character (npm unicode-name). */
  export function unicodeName(char: string): string | undefined;
}
