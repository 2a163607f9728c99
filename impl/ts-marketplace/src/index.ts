/**
 * The marketplace is an application: its entry point is `dist/main.js`, which the
 * services' start scripts, the benchmarks and the deployment specs run as a process.
 * Other packages locate that file through this package's name, and import nothing
 * from it, so the package index exports nothing.
 */
export {};
