/** Vite's `?url` imports (the page is built by Vite; tools/ is typechecked without vite/client). */
declare module '*?url' {
  const url: string;
  export default url;
}
