/**
 * Reading a model folder the user opens — with the File System Access API's directory picker, an
 * `<input type=file webkitdirectory>` where that API is missing, or a drop — into its files by path inside
 * the folder ('config.json', 'onnx/model_q4.onnx'). Files are references, not copies: the worker reads
 * only what it loads.
 */

export interface OpenedFolder {
  readonly name: string;
  readonly files: Readonly<Record<string, File>>;
}

/** Whether this browser has the directory picker (Chromium does; Firefox and Safari use the input). */
export function hasDirectoryPicker(): boolean {
  return typeof (window as Window & { showDirectoryPicker?: unknown }).showDirectoryPicker === 'function';
}

type DirHandle = { name: string; entries(): AsyncIterable<[string, { kind: 'file' | 'directory'; getFile?(): Promise<File> } & DirHandle]> };

async function readHandle(dir: DirHandle, prefix: string, out: Record<string, File>): Promise<void> {
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind === 'file') out[`${prefix}${name}`] = await handle.getFile!();
    else await readHandle(handle, `${prefix}${name}/`, out);
  }
}

/** The directory picker; null when the user cancels. */
export async function pickFolder(): Promise<OpenedFolder | null> {
  const picker = (window as Window & { showDirectoryPicker?: (o?: unknown) => Promise<DirHandle> }).showDirectoryPicker!;
  let dir: DirHandle;
  try {
    dir = await picker({ mode: 'read' });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return null;
    throw e;
  }
  const files: Record<string, File> = {};
  await readHandle(dir, '', files);
  return { name: dir.name, files };
}

/** The files of an `<input type=file webkitdirectory>`: their paths start with the folder's name. */
export function folderFromInput(list: FileList | null): OpenedFolder | null {
  const all = [...(list ?? [])];
  if (all.length === 0) return null;
  const name = all[0]!.webkitRelativePath.split('/')[0] ?? 'folder';
  const files: Record<string, File> = {};
  for (const f of all) files[f.webkitRelativePath.split('/').slice(1).join('/') || f.name] = f;
  return { name, files };
}

type Entry = { name: string; isFile: boolean; isDirectory: boolean };
type FileEntry = Entry & { file(ok: (f: File) => void, fail: (e: unknown) => void): void };
type DirEntry = Entry & { createReader(): { readEntries(ok: (e: Entry[]) => void, fail: (e: unknown) => void): void } };

async function readEntry(entry: Entry, prefix: string, out: Record<string, File>): Promise<void> {
  if (entry.isFile) {
    out[`${prefix}${entry.name}`] = await new Promise<File>((ok, fail) => (entry as FileEntry).file(ok, fail));
    return;
  }
  const reader = (entry as DirEntry).createReader();
  // readEntries returns the children in batches until an empty one.
  for (;;) {
    const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
    if (batch.length === 0) break;
    for (const child of batch) await readEntry(child, `${prefix}${entry.name}/`, out);
  }
}

/** The folder dropped on the page (the first item, if it is a folder); null otherwise. */
export async function folderFromDrop(data: DataTransfer | null): Promise<OpenedFolder | null> {
  const item = [...(data?.items ?? [])].find((i) => i.kind === 'file');
  const entry = (item as DataTransferItem & { webkitGetAsEntry?(): Entry | null } | undefined)?.webkitGetAsEntry?.() ?? null;
  if (!entry || !entry.isDirectory) return null;
  const files: Record<string, File> = {};
  await readEntry(entry, '', files);
  const inside: Record<string, File> = {};
  for (const [path, f] of Object.entries(files)) inside[path.slice(entry.name.length + 1)] = f;
  return { name: entry.name, files: inside };
}
