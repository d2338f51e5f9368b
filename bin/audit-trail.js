#!/usr/bin/env node
// Runs the TypeScript CLI straight from the checkout (through tsx), so it needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
