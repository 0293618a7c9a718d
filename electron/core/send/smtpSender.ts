// Hands fixed bytes to the account's SMTP server. `raw` is sent exactly as built (nodemailer adds nothing
// to a raw message); the envelope carries To, Cc and Bcc.
import { createTransport } from 'nodemailer';
import type { AccountWithSecret } from '../store/mailStore.js';
import type { SendEnvelope } from './buildMessage.js';
import { mapSmtpError } from './mapSmtpError.js';
import { smtpOptions, type SmtpConnectOptions } from './smtpOptions.js';

export interface SmtpResult {
  /** Recipients the server refused while accepting the message for the others. */
  readonly rejected: readonly { address: string; message: string }[];
  readonly response: string;
}

export interface SmtpSender {
  /** Resolves when the server accepted the message; throws an SmtpSendError (see mapSmtpError) otherwise. */
  send(account: AccountWithSecret, envelope: SendEnvelope, raw: Buffer): Promise<SmtpResult>;
}

export class NodemailerSmtpSender implements SmtpSender {
  constructor(private readonly opts: SmtpConnectOptions = {}) {}

  async send(account: AccountWithSecret, envelope: SendEnvelope, raw: Buffer): Promise<SmtpResult> {
    let transport;
    try {
      transport = createTransport(smtpOptions(account, this.opts));
    } catch (e) {
      throw mapSmtpError(e);
    }
    try {
      const info = await transport.sendMail({
        envelope: { from: envelope.from, to: [...envelope.to, ...envelope.cc, ...envelope.bcc] },
        raw,
      });
      const errors = (info as { rejectedErrors?: { recipient?: unknown; response?: unknown }[] }).rejectedErrors ?? [];
      return {
        rejected: errors.map((r) => ({
          address: typeof r.recipient === 'string' ? r.recipient : '',
          message: typeof r.response === 'string' ? r.response.slice(0, 300) : '',
        })),
        response: typeof info.response === 'string' ? info.response.slice(0, 300) : '',
      };
    } catch (e) {
      throw mapSmtpError(e);
    } finally {
      transport.close();
    }
  }
}
