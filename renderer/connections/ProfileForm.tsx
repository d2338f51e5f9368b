/**
 * A new or edited PostgreSQL profile: where the database is, and its password. The password goes
 * to the shell when saving or testing and is never shown again: editing shows an empty field,
 * which keeps the password already kept.
 */
import { Button, Callout, Checkbox, Classes, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent } from '@blueprintjs/core';
import { useState, type ReactNode } from 'react';
import type { ConnectionProfile, PasswordStorage, SaveProfileResponse } from '../../shared/connections-contract';
import { useConnections } from '../api/api-context';
import { countText } from '../format/values';
import { emptyForm, formFromProfile, nameProblem, serverChanged, SSL_OPTIONS, targetFromForm, type FormField, type ProfileFormValues } from './profile-form';

type Outcome = { intent: Intent; message: string } | null;

export function ProfileForm({
  profile,
  taken,
  storage,
  onSaved,
  onCancel,
}: {
  /** The profile being edited; null for a new one. */
  profile: ConnectionProfile | null;
  /** The names other profiles have. */
  taken: readonly string[];
  storage: PasswordStorage;
  onSaved(saved: SaveProfileResponse): void;
  onCancel(): void;
}) {
  const connections = useConnections();
  const [values, setValues] = useState<ProfileFormValues>(() => (profile ? formFromProfile(profile) : emptyForm()));
  const [invalid, setInvalid] = useState<{ field: FormField; problem: string } | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const [outcome, setOutcome] = useState<Outcome>(null);

  const set = <K extends keyof ProfileFormValues>(key: K, value: ProfileFormValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setOutcome(null);
    if (invalid?.field === key) setInvalid(null);
  };

  const checked = targetFromForm(values);
  const kept = profile !== null && profile.password !== 'none';
  const keptWillBeDropped = kept && values.password === '' && 'target' in checked && serverChanged(profile.target, checked.target);

  /** The form as a target, or null after marking the first problem. */
  const validTarget = () => {
    if ('field' in checked) {
      setInvalid(checked);
      return null;
    }
    return checked.target;
  };

  const test = async () => {
    const target = validTarget();
    if (!target) return;
    setBusy('test');
    setOutcome(null);
    try {
      const r = await connections.testConnection({
        target,
        ...(values.password !== '' ? { password: values.password } : {}),
        ...(profile ? { profile: profile.name } : {}),
      });
      setOutcome({ intent: Intent.SUCCESS, message: `Connected: ${countText(r.tables)} logged tables, ${countText(r.logRows)} log rows.` });
    } catch (error) {
      setOutcome({ intent: Intent.DANGER, message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(null);
    }
  };

  const save = async () => {
    const name = values.name.trim();
    const problem = nameProblem(name, taken, profile?.name);
    if (problem) {
      setInvalid({ field: 'name', problem });
      return;
    }
    const target = validTarget();
    if (!target) return;
    setBusy('save');
    setOutcome(null);
    try {
      const saved = await connections.saveProfile({
        name,
        ...(profile ? { previousName: profile.name } : {}),
        target,
        ...(values.password !== '' ? { password: values.password } : {}),
        rememberPassword: storage === 'os' && values.rememberPassword,
      });
      onSaved(saved);
    } catch (error) {
      setOutcome({ intent: Intent.DANGER, message: error instanceof Error ? error.message : String(error) });
      setBusy(null);
    }
  };

  const field = (key: FormField, label: string, input: ReactNode, info?: string) => (
    <FormGroup
      label={label}
      labelFor={`profile-${key}`}
      labelInfo={info}
      intent={invalid?.field === key ? Intent.DANGER : Intent.NONE}
      helperText={invalid?.field === key ? invalid.problem : undefined}
      className={`profile-field profile-field-${key}`}
    >
      {input}
    </FormGroup>
  );
  const text = (key: FormField, placeholder: string, autoFocus = false) => (
    <InputGroup
      id={`profile-${key}`}
      value={values[key]}
      placeholder={placeholder}
      autoFocus={autoFocus}
      intent={invalid?.field === key ? Intent.DANGER : Intent.NONE}
      onValueChange={(v) => set(key, v)}
      spellCheck={false}
    />
  );

  return (
    <form
      className="profile-form"
      aria-label={profile ? `Edit profile ${profile.name}` : 'New profile'}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <DialogBody>
        <div className="profile-grid">
          {field('name', 'Profile name', text('name', 'e.g. Production (read-only)', true))}
          {field('host', 'Host', text('host', 'db.example.org'))}
          {field('port', 'Port', text('port', '5432'))}
          {field('database', 'Database', text('database', 'erp'))}
          {field('schema', 'Schema', text('schema', 'public'))}
          {field('user', 'User', text('user', 'auditor'))}
          <FormGroup label="SSL mode" labelFor="profile-ssl" className="profile-field profile-field-ssl">
            <HTMLSelect id="profile-ssl" fill value={values.ssl} options={SSL_OPTIONS} onChange={(e) => set('ssl', e.currentTarget.value as ProfileFormValues['ssl'])} />
          </FormGroup>
          <FormGroup
            label="Password"
            labelFor="profile-password"
            className="profile-field profile-field-password"
            intent={keptWillBeDropped ? Intent.WARNING : Intent.NONE}
            helperText={
              keptWillBeDropped
                ? 'The kept password is not sent to another server: enter it again, or it will be forgotten.'
                : kept
                  ? 'Leave empty to keep the password already kept.'
                  : undefined
            }
          >
            <InputGroup
              id="profile-password"
              type="password"
              autoComplete="new-password"
              value={values.password}
              placeholder={kept ? '(kept — unchanged)' : 'Optional'}
              onValueChange={(v) => set('password', v)}
            />
          </FormGroup>
        </div>
        {storage === 'os' ? (
          <Checkbox
            className="remember-password"
            checked={values.rememberPassword}
            label="Remember the password (in the operating system's secret storage)"
            onChange={(e) => set('rememberPassword', e.currentTarget.checked)}
          />
        ) : (
          <p className={`${Classes.TEXT_MUTED} session-note`}>
            The password is kept for this session only, until Audit Trail Browser stops: only the desktop app can save it, in the
            operating system&apos;s secret storage.
          </p>
        )}
        {outcome && (
          <Callout className="form-outcome" intent={outcome.intent} icon={outcome.intent === Intent.SUCCESS ? 'tick-circle' : 'error'} compact>
            {outcome.message}
          </Callout>
        )}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={onCancel} disabled={busy === 'save'} />
            <Button icon="play" text="Test" onClick={() => void test()} loading={busy === 'test'} disabled={busy === 'save'} />
            <Button type="submit" intent={Intent.PRIMARY} icon="floppy-disk" text="Save" loading={busy === 'save'} disabled={busy === 'test'} />
          </>
        }
      />
    </form>
  );
}
