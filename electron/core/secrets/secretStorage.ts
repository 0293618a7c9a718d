// Where the database key comes from. Two implementations share the key-file format of keyFile.ts:
// the OS keystore (Electron safeStorage, electron/main/secrets) and a passphrase (this folder, plain Node,
// for the CLI and for profiles whose IT policy allows it).
export interface SecretStorage {
  /** Whether the profile already has a key file. A profile with a key file never gets a new key silently. */
  exists(): Promise<boolean>;
  /**
   * The 32-byte database key: unwrapped from the key file when it exists, otherwise generated at random and
   * stored wrapped. Throws CodedError (WRONG_PASSPHRASE, KEYSTORE_UNAVAILABLE) rather than ever replacing
   * an existing key file. The caller should zero the returned bytes once the database is open.
   */
  loadOrCreateDatabaseKey(): Promise<Uint8Array>;
}
