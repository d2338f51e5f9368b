/**
 * Parts of the window that the first paint does not show are chunks of their own, which the
 * browser fetches, compiles and runs when one is first shown: the rarely used dialogs (Connections,
 * Export), and the date inputs (the log's date range, Activity's, As of…), whose library computes
 * every time zone's offset as it loads, the largest single cost of the first paint otherwise.
 *
 * While a chunk loads nothing is shown in its place (it comes from this machine). If it cannot be
 * loaded (the web shell has stopped), or the part fails, one sentence says so where the part would
 * be, and the rest of the window stays as it was.
 */
import { Dialog, DialogBody } from '@blueprintjs/core';
import { Component, lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { ErrorState } from './states';

/** The component `load` resolves to, loaded when first rendered; `failed` renders its failure. */
function lazyComponent<P extends object>(name: string, load: () => Promise<ComponentType<P>>, failed: (error: Error, props: P) => ReactNode): ComponentType<P> {
  // React's types cannot relate a generic P to the lazy component's ref-aware props; it takes P.
  const Loaded = lazy(async () => ({ default: await load() })) as unknown as ComponentType<P>;
  function LazyComponent(props: P) {
    return (
      <Failure render={(error) => failed(error, props)}>
        <Suspense fallback={null}>
          <Loaded {...props} />
        </Suspense>
      </Failure>
    );
  }
  LazyComponent.displayName = `Lazy(${name})`;
  return LazyComponent;
}

/** A dialog loaded when first opened; `title` names it if it cannot be. */
export function lazyDialog<P extends { onClose(): void }>(title: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return lazyComponent(title, load, (error, props) => (
    <Dialog isOpen title={title} onClose={props.onClose}>
      <DialogBody>
        <ErrorState compact title={`${title} could not be opened`} error={error} />
      </DialogBody>
    </Dialog>
  ));
}

/** A part of a view loaded when first shown; `what` names it if it cannot be. */
export function lazyPart<P extends object>(what: string, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return lazyComponent(what, load, (error) => <ErrorState compact title={`The ${what} could not be shown`} error={error} />);
}

/** Renders `render(error)` instead of its children once they failed. */
class Failure extends Component<{ render(error: Error): ReactNode; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render() {
    return this.state.error ? this.props.render(this.state.error) : this.props.children;
  }
}
