// @ts-check
// electron-builder configuration (DESIGN.md §9). Run through `npm run dist` (scripts/dist.mjs), which is
// the only step that downloads Electron binaries and headers; `npm install` never does.

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'th.go.raksa.mail',
  productName: 'Raksa Mail',
  copyright: 'Raksa Mail contributors',
  directories: { output: 'out', buildResources: 'build' },

  // What ships: the built bundles and package.json (production node_modules are added by
  // electron-builder). No sources, no source maps, no tests.
  files: ['dist/**/*', 'package.json', '!**/*.map', '!**/*.test.*'],
  asar: true,
  // Native modules cannot be loaded from inside the asar archive.
  asarUnpack: ['**/*.node'],
  // Rebuild better-sqlite3-multiple-ciphers against Electron's ABI at packaging time only; the repo's
  // node_modules keep the Node build that the CLI, the browser host and the tests use.
  npmRebuild: true,
  buildDependenciesFromSource: false,

  // Fuses are flipped in the Electron binary itself, so they hold even if the JS is tampered with.
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node interpreter.
    runAsNode: false,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS would let the environment inject code or trust.
    enableNodeOptionsEnvironmentVariable: false,
    // --inspect would let any local process attach a debugger to the main process (and the key).
    enableNodeCliInspectArguments: false,
    // The app code is checked against the hash recorded at build time (Windows and macOS).
    enableEmbeddedAsarIntegrityValidation: true,
    // Only app.asar is loaded, so integrity validation cannot be bypassed with a loose app/ folder.
    onlyLoadAppFromAsar: true,
    // Chromium's cookie store is encrypted with the OS keystore (we hold none, but it costs nothing).
    enableCookieEncryption: true,
    // The app is served from raksa://, never file://: file pages need no extra privileges.
    grantFileProtocolExtraPrivileges: false,
  },

  win: {
    target: [
      { target: 'msi', arch: ['x64'] },
      { target: 'nsis', arch: ['x64'] },
    ],
  },
  // Government IT deploys the MSI machine-wide (GPO / SCCM / Intune).
  msi: { perMachine: true, oneClick: false, runAfterFinish: false },
  // The NSIS installer asks "all users or just me" (oneClick false, perMachine false).
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },

  linux: {
    target: ['deb', 'AppImage'],
    category: 'Network;Email',
    maintainer: 'Raksa Mail contributors',
    synopsis: 'Secure mail client for Thai government officials',
  },
  deb: { priority: 'optional' },

  mac: {
    target: ['dmg'],
    category: 'public.app-category.productivity',
    hardenedRuntime: true,
  },
};
