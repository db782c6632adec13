/**
 * The failure converter named by the data converter's `failureConverterPath`. It moves error messages and stack
 * traces into an encoded attributes payload, so the codec encrypts them too: an error that quotes a NIK or a name
 * must not reach Temporal in plain text. Also bundled into workflow code, so it imports nothing but the SDK.
 */
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
