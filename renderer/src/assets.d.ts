// Module shapes Vite provides at build time (the renderer does not load vite/client's node-flavoured types).
declare module '*.woff2?inline' {
  /** The file as a data: URL. */
  const dataUrl: string;
  export default dataUrl;
}

declare module '*.css';
