// The `punycode` npm package ships no typings. It is imported by its file path because the bare name
// `punycode` resolves to Node's deprecated built-in, which shared/ may not use (it also runs in the renderer).
declare module 'punycode/punycode.js' {
  interface Punycode {
    decode(input: string): string;
    encode(input: string): string;
  }
  const punycode: Punycode;
  export default punycode;
}
