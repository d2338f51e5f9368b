/**
 * The profile form's values as typed (all text), and turning them into a profile to save or test.
 * Pure, so the rules are the same wherever the form is shown; the shell checks again.
 */
import { isValidProfileName, PROFILE_NAME_RULE, type ConnectionProfile, type ConnectionTarget, type SslMode } from '../../shared/connections-contract';

export interface ProfileFormValues {
  name: string;
  host: string;
  port: string;
  database: string;
  user: string;
  schema: string;
  ssl: SslMode;
  /** Empty: keep the password already kept (editing), or none (new). */
  password: string;
  rememberPassword: boolean;
}

/** PostgreSQL's own sslmode names, which DBAs know; `prefer` is what psql does by default. */
export const SSL_OPTIONS: { value: SslMode; label: string }[] = [
  { value: 'prefer', label: 'prefer (default)' },
  { value: 'require', label: 'require' },
  { value: 'verify-full', label: 'verify-full' },
  { value: 'disable', label: 'disable' },
];

export function emptyForm(): ProfileFormValues {
  return { name: '', host: '', port: '5432', database: '', user: '', schema: 'public', ssl: 'prefer', password: '', rememberPassword: true };
}

export function formFromProfile(profile: ConnectionProfile): ProfileFormValues {
  const { target } = profile;
  return {
    name: profile.name,
    host: target.host,
    port: String(target.port),
    database: target.database,
    user: target.user,
    schema: target.schema,
    ssl: target.ssl,
    password: '',
    rememberPassword: profile.password !== 'session',
  };
}

export type FormField = 'name' | 'host' | 'port' | 'database' | 'user' | 'schema';

/** The target the form describes, or the first problem with it, as a sentence by field. */
export function targetFromForm(values: ProfileFormValues): { target: ConnectionTarget } | { field: FormField; problem: string } {
  const port = Number(values.port.trim());
  if (!values.host.trim()) return { field: 'host', problem: "Give the PostgreSQL server's host name." };
  if (!/^\d+$/.test(values.port.trim()) || port < 1 || port > 65535) return { field: 'port', problem: 'The port is a whole number from 1 to 65535.' };
  if (!values.database.trim()) return { field: 'database', problem: 'Give the database name.' };
  if (!values.user.trim()) return { field: 'user', problem: 'Give the database user name.' };
  if (!values.schema.trim()) return { field: 'schema', problem: 'Give the schema that holds the log tables (usually public).' };
  return {
    target: {
      host: values.host.trim(),
      port,
      database: values.database.trim(),
      user: values.user.trim(),
      schema: values.schema.trim(),
      ssl: values.ssl,
    },
  };
}

/** The profile name's problem, or null. */
export function nameProblem(name: string, taken: readonly string[], previousName?: string): string | null {
  const trimmed = name.trim();
  if (!trimmed) return 'Give the profile a name.';
  if (!isValidProfileName(trimmed)) return PROFILE_NAME_RULE;
  if (trimmed !== previousName && taken.includes(trimmed)) return `A profile named ${trimmed} already exists.`;
  return null;
}

/** Whether a form edit points the profile at another server (its kept password will not follow). */
export function serverChanged(before: ConnectionTarget, after: ConnectionTarget): boolean {
  return before.host !== after.host || before.port !== after.port || before.database !== after.database || before.user !== after.user || before.ssl !== after.ssl;
}
