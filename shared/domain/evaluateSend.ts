// The whole send-time policy decision for one message: recipients (To, Cc and Bcc), attachments and the
// secrecy class. Pure, so the compose window previews exactly what the core's send gate enforces.
import { evaluateAttachments } from '../policy/attachmentPolicy.js';
import { evaluateRecipients } from '../policy/engine.js';
import type { Policy } from '../policy/policy.js';
import type { Classification } from '../policy/types.js';
import { strongestVerdict } from '../policy/verdicts.js';
import { strongerClassification } from './classificationOrder.js';
import type { SendPreview } from './compose.js';
import { parseSubjectMarkings, subjectWithMarkings, type Urgency } from './markings.js';

export interface SendFacts {
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly classification: Classification;
  readonly urgency: Urgency;
  readonly attachmentNames: readonly string[];
  /** Until OpenPGP sending exists this is always false (classified mail is then blocked by policy). */
  readonly encrypted: boolean;
}

export function evaluateSend(policy: Policy, facts: SendFacts): SendPreview {
  // A class typed into the subject ("[ลับ] …") counts even when the picker says none: the visible marking
  // and the policy must never disagree in the direction of less protection.
  const marked = parseSubjectMarkings(facts.subject);
  const classification = strongerClassification(facts.classification, marked.classification);
  const urgency = facts.urgency === 'none' ? marked.urgency : facts.urgency;
  const recipients = evaluateRecipients(policy, {
    to: [...facts.to],
    cc: [...facts.cc],
    bcc: [...facts.bcc],
    classification,
    encrypted: facts.encrypted,
  });
  const attachments = evaluateAttachments(policy, recipients, facts.attachmentNames);
  return {
    verdict: strongestVerdict(recipients.verdict, ...attachments.map((a) => a.verdict)),
    classification,
    recipients,
    attachments,
    subject: subjectWithMarkings(facts.subject, classification, urgency),
  };
}
