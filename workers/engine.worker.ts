import * as Comlink from 'comlink';
import { Engine } from '../src/engine/engine';
import { installErrorTransfer } from './error-transfer';
import { webHost } from './web-host';

installErrorTransfer();
Comlink.expose(new Engine(webHost()));
