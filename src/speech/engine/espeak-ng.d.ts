// Types for the npm `espeak-ng` package (espeak-ng's command line compiled with Emscripten), which
// ships none. Only what Blattwerk uses.
declare module 'espeak-ng' {
  interface EspeakFileSystem {
    writeFile(path: string, data: string | Uint8Array): void;
    readFile(path: string): Uint8Array;
  }
  interface EspeakModule {
    FS: EspeakFileSystem;
  }
  interface EspeakModuleOptions {
    /** Command-line arguments; main() runs once with them during instantiation. */
    arguments: string[];
    print?: (line: string) => void;
    printErr?: (line: string) => void;
    /** Called on exit(); the default sets process.exitCode. */
    quit?: (status: number, toThrow: unknown) => never;
    preRun?: ((module: EspeakModule) => void)[];
    instantiateWasm?: (
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
    ) => object;
  }
  export default function ESpeakNg(options: EspeakModuleOptions): Promise<EspeakModule>;
}
