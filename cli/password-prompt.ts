/**
 * A hidden password prompt on the terminal: the question goes to stderr (stdout stays clean for
 * what the command prints), the typed characters are not echoed, and nothing of them is kept
 * after the answer is handed over. Only where both stdin and stderr are a terminal: a script's
 * pipe gets no prompt, and the caller says how else to give the password.
 */
import { AuditError } from '../shared/errors';
import type { PasswordPrompt } from './data-source';

/** The part of a TTY read stream the prompt uses. */
export interface PromptInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface PromptOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** A prompt on `input`/`output` (default: this process's terminal), or one that answers undefined. */
export function terminalPasswordPrompt(given?: PromptInput, givenOutput?: PromptOutput): PasswordPrompt {
  return (question) => {
    // Reached only when a password is asked for: opening stdin costs a run that needs none.
    const input = given ?? process.stdin;
    const output = givenOutput ?? process.stderr;
    if (!input.isTTY || !output.isTTY || typeof input.setRawMode !== 'function') return Promise.resolve(undefined);
    const setRawMode = input.setRawMode.bind(input);
    output.write(question);
    setRawMode(true);
    input.resume();
    return new Promise<string | undefined>((resolve, reject) => {
      let typed = '';
      const finish = (result: () => void) => {
        input.off('data', onData);
        setRawMode(false);
        input.pause();
        output.write('\n');
        result();
      };
      const onData = (chunk: Buffer | string) => {
        for (const char of chunk.toString()) {
          if (char === '\r' || char === '\n') {
            const answer = typed;
            typed = '';
            return finish(() => resolve(answer));
          }
          if (char === '\u0003' || char === '\u0004') return finish(() => reject(new AuditError('cancelled', 'The password prompt was cancelled.')));
          if (char === '\u007f' || char === '\b') typed = Array.from(typed).slice(0, -1).join('');
          else if (char >= ' ') typed += char;
        }
      };
      input.on('data', onData);
    });
  };
}
