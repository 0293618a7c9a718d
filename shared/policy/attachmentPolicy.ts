// The attachment half of the send policy (issue 5 §3, policy `rules.attachments`): a file whose real
// extension IT blocked is refused, and any file going to a recipient outside government takes the
// `external` verdict. Pure, like the recipient engine, so compose can show it while the user attaches.
import type { Policy } from './policy.js';
import type { PolicyDecision, Reason, Verdict } from './types.js';
import { strongestVerdict } from './verdicts.js';

export interface AttachmentFinding {
  readonly filename: string;
  /** The extension the policy judged: lower case with its dot, '' when the name has none. */
  readonly extension: string;
  readonly verdict: Verdict;
  readonly reasons: Reason[];
}

// Characters that change how a name is displayed without changing what the OS opens: bidi controls
// (U+202E turns "gpj.exe" into "exe.jpg" on screen), zero-width marks and the BOM.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/gu;

/**
 * The extension Windows would act on: invisible controls removed, trailing dots and spaces dropped
 * (Windows strips them, so "evil.exe. " opens as .exe), lower case.
 */
export function realExtension(filename: string): string {
  const name = filename.normalize('NFC').replace(INVISIBLE, '').replace(/[. ]+$/u, '');
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot).toLowerCase() : '';
}

/** Judges each attachment against the rules, given the recipient decision it travels with. */
export function evaluateAttachments(
  policy: Policy,
  recipients: PolicyDecision,
  filenames: readonly string[],
): AttachmentFinding[] {
  const rules = policy.rules.attachments;
  const leavesGovernment = recipients.recipients.some((r) => r.category !== 'government');
  return filenames.map((filename) => {
    const extension = realExtension(filename);
    const reasons: Reason[] = [];
    const verdicts: Verdict[] = [];
    if (extension !== '' && rules.blockedExtensions.includes(extension)) {
      reasons.push({
        code: 'attachment-blocked-type',
        message: `files of type ${extension} may not be sent (agency policy)`,
      });
      verdicts.push('block');
    }
    if (leavesGovernment && rules.external !== 'allow') {
      reasons.push({
        code: 'attachment-external',
        message: 'the file goes to a recipient outside the government network',
      });
      verdicts.push(rules.external);
    }
    return { filename, extension, verdict: strongestVerdict(...verdicts), reasons };
  });
}
