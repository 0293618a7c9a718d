// The sandboxed preload: exposes the typed API as `window.raksa` and nothing else. Bundled into one
// CommonJS file (scripts/build-electron.mjs) because a sandboxed preload can only require 'electron'.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './createBridge.js';

contextBridge.exposeInMainWorld('raksa', createBridge(ipcRenderer));
