// The transport is not trusted (DESIGN.md §1): whatever arrives over IPC or the WebSocket is checked
// against the same zod schemas the core answers with, before any component sees it.
import type { z } from 'zod';
import {
  events,
  isEventName,
  methods,
  type EventName,
  type EventPayload,
  type MethodName,
  type MethodResult,
} from '../../../shared/contract/api.js';
import { ERROR_CODES, err, ok, type ErrorCode, type Result } from '../../../shared/contract/result.js';

const isErrorCode = (code: unknown): code is ErrorCode =>
  typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Turns a raw `{ok,value}|{ok:false,error}` from the transport into a checked Result. */
export function parseResult<M extends MethodName>(method: M, raw: unknown): Result<MethodResult<M>> {
  if (!isRecord(raw) || typeof raw.ok !== 'boolean') return err('PROTOCOL', `${method}: malformed result`);
  if (raw.ok) {
    const schema = methods[method].result as unknown as z.ZodType<MethodResult<M>>;
    const parsed = schema.safeParse(raw.value);
    return parsed.success
      ? ok(parsed.data)
      : err('PROTOCOL', `${method}: result does not match the contract`);
  }
  const error = raw.error;
  if (!isRecord(error)) return err('PROTOCOL', `${method}: malformed error`);
  // An unknown code still fails the call, but under a code the UI can translate.
  const code = isErrorCode(error.code) ? error.code : 'INTERNAL';
  const message = typeof error.message === 'string' ? error.message.slice(0, 2000) : '';
  return err(code, message);
}

/** Returns the validated payload, or undefined when the event is unknown or does not match its schema. */
export function parseEvent<E extends EventName>(event: E, raw: unknown): EventPayload<E> | undefined {
  if (!isEventName(event)) return undefined;
  const schema = events[event] as unknown as z.ZodType<EventPayload<E>>;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
