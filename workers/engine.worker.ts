import * as Comlink from 'comlink';
import { Engine } from '../src/engine/engine';
import { installErrorTransfer } from './error-transfer';
import { installOneWayCallbacks } from './one-way-callback';
import { webHost } from './web-host';

installErrorTransfer();
installOneWayCallbacks();
Comlink.expose(new Engine(webHost()));
