/** SVG files are bundled as data: URLs (build-page.ts). */
declare module '*.svg' {
  const url: string;
  export default url;
}
