/** The renderer's entry point: connect to the contract and mount the app. */
import '@blueprintjs/core/lib/css/blueprint.css';
import '@blueprintjs/icons/lib/css/blueprint-icons.css';
import '@blueprintjs/select/lib/css/blueprint-select.css';
import './styles.css';
import { BlueprintProvider } from '@blueprintjs/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context';
import { connectApi, connectConnectionsApi } from './api/connect';
import { startFirstCalls } from './api/first-calls';
import { App } from './app/App';
import { installIconPathsLoader } from './common/icon-paths';

const root = document.getElementById('root');
if (!root) throw new Error('The page has no #root element.');
installIconPathsLoader();
const api = connectApi();
// Before the first render, so their answers come while it runs rather than after it.
const first = startFirstCalls(api);
createRoot(root).render(
  <StrictMode>
    <BlueprintProvider>
      <ApiProvider api={api} connections={connectConnectionsApi()} first={first}>
        <App />
      </ApiProvider>
    </BlueprintProvider>
  </StrictMode>,
);
