// SKYPORT_KEK parsing lives with the configuration schema that validates it at start-up; the
// domain re-exports it so callers building a SecretBox need only @skyport/domain.
export { KEK_BYTES, type Keyring, KeyringError, parseKeyring } from "@skyport/config";
