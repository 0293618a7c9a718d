// The recipient policy (DESIGN §5) as one pure function: the UI calls it on every keystroke for hints,
// and the core calls it again at the single send chokepoint. Same input, same decision, everywhere.
import { normalizeAddress } from './address.js';
import { parseClassification } from './classification.js';
import { BUILTIN_FREEMAIL_ASCII, BUILTIN_GOVERNMENT_ASCII, DomainSet } from './domains.js';
import { toAsciiDomain } from './idna.js';
import type { Policy } from './policy.js';
import { isConfusableLabel, isMixedScriptLabel } from './scripts.js';
import type {
  Classification,
  PolicyCheckInput,
  PolicyDecision,
  Reason,
  RecipientCategory,
  RecipientDecision,
  RecipientField,
  Verdict,
} from './types.js';
import { strongestVerdict } from './verdicts.js';

/** Stable reason codes; the UI translates by code, the English message is for logs and the CLI. */
export const REASON_CODES = [
  'government',
  'external-domain',
  'free-webmail',
  'blocked-domain',
  'invalid-address',
  'mixed-script',
  'confusable',
  'classified-external',
  'classified-unencrypted',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface DomainClassification {
  readonly category: RecipientCategory;
  /** ASCII form; '' when the domain is invalid. */
  readonly domain: string;
  readonly unicodeDomain: string;
  readonly reasons: readonly Reason[];
}

const reason = (code: ReasonCode, message: string): Reason => ({ code, message });

const domainSets = (policy: Policy): { gov: DomainSet; free: DomainSet; blocked: DomainSet } => ({
  gov: new DomainSet([...BUILTIN_GOVERNMENT_ASCII, ...policy.governmentDomains]),
  free: new DomainSet([...BUILTIN_FREEMAIL_ASCII, ...policy.freeMailDomains]),
  blocked: new DomainSet(policy.blockedDomains),
});

const classifyNormalized = (
  sets: ReturnType<typeof domainSets>,
  ascii: string,
  labels: readonly { unicode: string }[],
): DomainClassification => {
  const unicodeDomain = labels.map((l) => l.unicode).join('.');
  const blocked = sets.blocked.match(ascii);
  if (blocked) {
    return {
      category: 'blocked',
      domain: ascii,
      unicodeDomain,
      reasons: [reason('blocked-domain', `${ascii} is blocked by policy (listed: ${blocked})`)],
    };
  }
  // A script warning accompanies any category: it is a hint that the name is not what it looks like.
  const scriptReasons: Reason[] = [];
  for (const { unicode } of labels) {
    if (isMixedScriptLabel(unicode)) {
      scriptReasons.push(
        reason(
          'mixed-script',
          `the domain label "${unicode}" mixes writing systems; it is never treated as government`,
        ),
      );
    } else if (isConfusableLabel(unicode)) {
      scriptReasons.push(
        reason(
          'confusable',
          `the domain label "${unicode}" is written in letters that imitate Latin ones; it is never treated as government`,
        ),
      );
    }
  }
  // Free webmail beats government: anyone can open an account there, whatever a list says.
  const free = sets.free.match(ascii);
  if (free) {
    return {
      category: 'freemail',
      domain: ascii,
      unicodeDomain,
      reasons: [
        reason('free-webmail', `${ascii} is a free webmail provider (listed: ${free})`),
        ...scriptReasons,
      ],
    };
  }
  const gov = sets.gov.match(ascii);
  if (gov && scriptReasons.length === 0) {
    return {
      category: 'government',
      domain: ascii,
      unicodeDomain,
      reasons: [reason('government', `${ascii} is a government domain (listed: ${gov})`)],
    };
  }
  return {
    category: 'external',
    domain: ascii,
    unicodeDomain,
    reasons: [reason('external-domain', `${ascii} is outside the government network`), ...scriptReasons],
  };
};

/** Classify one domain (raw or normalized) under `policy`, with the reasons for the category. */
export function classifyDomain(policy: Policy, domain: string): DomainClassification {
  const r = toAsciiDomain(domain);
  if (!r.ok) {
    return {
      category: 'invalid',
      domain: '',
      unicodeDomain: '',
      reasons: [reason('invalid-address', `the domain is not valid: ${r.message}`)],
    };
  }
  return classifyNormalized(domainSets(policy), r.ascii, r.labels);
}

const CATEGORY_VERDICT: Readonly<Record<RecipientCategory, (p: Policy) => Verdict>> = {
  government: () => 'allow',
  external: (p) => p.rules.external,
  freemail: (p) => p.rules.freeMail,
  blocked: () => 'block',
  invalid: () => 'block',
};

const judge = (
  policy: Policy,
  sets: ReturnType<typeof domainSets>,
  field: RecipientField,
  input: string,
  classification: Classification,
  encrypted: boolean,
): RecipientDecision => {
  const parsed = normalizeAddress(input);
  let address = '';
  let c: DomainClassification;
  if (!parsed.ok) {
    c = {
      category: 'invalid',
      domain: '',
      unicodeDomain: '',
      reasons: [reason('invalid-address', `not a valid e-mail address: ${parsed.message}`)],
    };
  } else {
    address = parsed.address;
    const labels = parsed.unicodeDomain.split('.').map((unicode) => ({ unicode }));
    c = classifyNormalized(sets, parsed.domain, labels);
  }
  const reasons = [...c.reasons];
  const verdicts: Verdict[] = [CATEGORY_VERDICT[c.category](policy)];
  if (classification !== 'none' && c.category !== 'government') {
    reasons.push(
      reason('classified-external', `${classification} mail may only be sent to government recipients`),
    );
    verdicts.push(policy.rules.classifiedExternal);
  }
  if (classification !== 'none' && !encrypted) {
    reasons.push(reason('classified-unencrypted', `${classification} mail must be encrypted`));
    verdicts.push(policy.rules.classifiedUnencrypted);
  }
  return {
    field,
    input,
    address,
    domain: c.domain,
    category: c.category,
    verdict: strongestVerdict(...verdicts),
    reasons,
  };
};

/**
 * Judge every recipient of a message (To, Cc and Bcc alike) and the message as a whole: the overall
 * verdict is the strongest recipient verdict ('allow' when there are no recipients: nothing to judge).
 * `from` is accepted for symmetry with the send path but does not influence the decision.
 */
export function evaluateRecipients(policy: Policy, input: PolicyCheckInput): PolicyDecision {
  // A class the engine does not recognise (an untyped caller) fails closed as the highest class.
  const classification = parseClassification(input.classification ?? 'none') ?? 'top-secret';
  const encrypted = input.encrypted === true;
  const sets = domainSets(policy);
  const fields: readonly [RecipientField, readonly string[] | undefined][] = [
    ['to', input.to],
    ['cc', input.cc],
    ['bcc', input.bcc],
  ];
  const recipients = fields.flatMap(([field, list]) =>
    (list ?? []).map((addr) => judge(policy, sets, field, addr, classification, encrypted)),
  );
  return { verdict: strongestVerdict(...recipients.map((r) => r.verdict)), recipients };
}
