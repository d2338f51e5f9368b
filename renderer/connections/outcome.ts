/** What a Connections action says when it is done: a sentence, green or red. */
import type { Intent } from '@blueprintjs/core';

export type Outcome = { intent: Intent; message: string } | null;

/** An error's sentence, as people read it. */
export const sentence = (error: unknown): string => (error instanceof Error ? error.message : String(error));
