import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type DragEvent, type FormEvent } from "react";
import { den, unwrap } from "../../api/client";
import type { DenSchemas } from "../../api/types";
import { uploadWithProgress } from "../../api/upload";
import { Empty, ErrorState, FormError, Loading, PageTitle, Time, copyText, formatBytes } from "../../components/ui";

type DenFile = DenSchemas["File"];

interface Upload {
  name: string;
  loaded: number;
  total: number;
  error?: unknown;
  done?: boolean;
}

function join(folder: string, name: string): string {
  return folder === "/" ? `/${name}` : `${folder}/${name}`;
}

function crumbs(path: string): { label: string; path: string }[] {
  const parts = path.split("/").filter(Boolean);
  const out = [{ label: "Files", path: "/" }];
  parts.forEach((part, i) => out.push({ label: part, path: `/${parts.slice(0, i + 1).join("/")}` }));
  return out;
}

export default function FilesPage() {
  const queryClient = useQueryClient();
  const [folder, setFolder] = useState("/");
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const [newFolder, setNewFolder] = useState("");
  const [shared, setShared] = useState<{ id: string; url: string; expires: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const folders = useQuery({
    queryKey: ["folders", folder],
    queryFn: () => unwrap(den.GET("/api/v1/folders", { params: { query: { parent: folder } } })),
  });
  const files = useQuery({
    queryKey: ["files", folder],
    queryFn: () => unwrap(den.GET("/api/v1/files", { params: { query: { folder, limit: 200 } } })),
  });
  const usage = useQuery({ queryKey: ["files", "usage"], queryFn: () => unwrap(den.GET("/api/v1/files/usage")) });

  const createFolder = useMutation({
    mutationFn: (name: string) => unwrap(den.POST("/api/v1/folders", { body: { path: join(folder, name) } })),
    onSuccess: () => {
      setNewFolder("");
      void queryClient.invalidateQueries({ queryKey: ["folders", folder] });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(den.DELETE("/api/v1/files/{file_id}", { params: { path: { file_id: id } } })),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ["files"] }),
  });
  const link = useMutation({
    mutationFn: async ({ id, disposition }: { id: string; disposition: "attachment" | "inline" }) =>
      unwrap(
        den.POST("/api/v1/files/{file_id}/signed-url", {
          params: { path: { file_id: id } },
          body: { expires_in: disposition === "attachment" ? 300 : 7 * 24 * 3600, disposition },
        }),
      ),
  });

  async function upload(list: FileList | File[]) {
    for (const file of Array.from(list)) {
      const index = uploads.length;
      setUploads((u) => [...u, { name: file.name, loaded: 0, total: file.size }]);
      const form = new FormData();
      form.append("file", file);
      form.append("folder", folder);
      const update = (patch: Partial<Upload>) =>
        setUploads((u) => u.map((item, i) => (i === index || (item.name === file.name && !item.done && !item.error) ? { ...item, ...patch } : item)));
      try {
        await uploadWithProgress<DenFile>("/api/v1/files", form, (p) => update({ loaded: p.loaded, total: p.total }));
        update({ done: true, loaded: file.size });
      } catch (error) {
        update({ error });
      }
    }
    void queryClient.invalidateQueries({ queryKey: ["files"] });
  }

  async function download(file: DenFile) {
    const signed = await link.mutateAsync({ id: file.id, disposition: "attachment" });
    const a = document.createElement("a");
    a.href = signed.url;
    a.download = file.name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  async function share(file: DenFile) {
    const signed = await link.mutateAsync({ id: file.id, disposition: "inline" });
    const url = new URL(signed.url, window.location.origin).toString();
    setShared({ id: file.id, url, expires: signed.expires_at });
    void copyText(url);
  }

  function drop(event: DragEvent) {
    event.preventDefault();
    setOver(false);
    if (event.dataTransfer.files.length) void upload(event.dataTransfer.files);
  }

  function submitFolder(event: FormEvent) {
    event.preventDefault();
    if (newFolder.trim()) createFolder.mutate(newFolder.trim());
  }

  return (
    <div className="page">
      <PageTitle title="Files">
        {usage.data && <p>{formatBytes(usage.data.used_bytes)} of {formatBytes(usage.data.quota_bytes)} used · {usage.data.file_count} files</p>}
      </PageTitle>
      <nav aria-label="Folder" className="row small" style={{ marginBottom: ".75rem" }}>
        {crumbs(folder).map((c, i, all) => (
          <span key={c.path} className="row" style={{ gap: ".25rem" }}>
            {i < all.length - 1 ? <button type="button" className="btn ghost small" onClick={() => setFolder(c.path)}>{c.label}</button> : <strong aria-current="page">{c.label}</strong>}
            {i < all.length - 1 && <span className="muted">/</span>}
          </span>
        ))}
      </nav>
      <div
        className={`dropzone ${over ? "over" : ""}`}
        onDragOver={(e) => { e.preventDefault(); setOver(true); }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p style={{ margin: 0 }}>Drop files here, or</p>
        <input ref={fileInput} type="file" multiple className="sr-only" id="file-input" onChange={(e) => { if (e.target.files) void upload(e.target.files); e.target.value = ""; }} />
        <button type="button" className="btn small" style={{ marginTop: ".5rem" }} onClick={() => fileInput.current?.click()}>Choose files to upload</button>
      </div>
      {uploads.length > 0 && (
        <ul className="list" aria-label="Uploads" style={{ marginTop: ".75rem" }}>
          {uploads.map((u, i) => (
            <li key={`${u.name}-${i}`} className="list-item">
              <span className="grow truncate">{u.name}</span>
              {u.error ? <span className="alert error small">{String((u.error as Error).message ?? u.error)}</span> : u.done ? <span className="badge ok">uploaded</span> : (
                <div style={{ width: "10rem" }} className="progress" role="progressbar" aria-label={`Uploading ${u.name}`} aria-valuenow={u.total ? Math.round((u.loaded / u.total) * 100) : 0} aria-valuemin={0} aria-valuemax={100}>
                  <span style={{ width: `${u.total ? (u.loaded / u.total) * 100 : 0}%` }} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={submitFolder} style={{ margin: "1rem 0" }} aria-label="New folder">
        <label htmlFor="new-folder" className="sr-only">New folder name</label>
        <input id="new-folder" placeholder="New folder name" value={newFolder} onChange={(e) => setNewFolder(e.target.value)} style={{ maxWidth: "16rem" }} />
        <button type="submit" className="btn" disabled={!newFolder.trim() || createFolder.isPending}>Create folder</button>
      </form>
      <FormError error={createFolder.error ?? remove.error ?? link.error} />
      {shared && (
        <div className="secret-once" role="status" style={{ marginBottom: ".75rem" }}>
          <span className="small">Share link (copied), valid until {new Date(shared.expires).toLocaleString()}:</span>
          <code>{shared.url}</code>
          <button type="button" className="btn small ghost" onClick={() => setShared(null)}>Close</button>
        </div>
      )}
      {folders.isPending || files.isPending ? <Loading /> : folders.isError ? <ErrorState error={folders.error} /> : files.isError ? <ErrorState error={files.error} /> : folders.data.length === 0 && files.data.items.length === 0 ? (
        <Empty title="This folder is empty">Upload files or create a folder.</Empty>
      ) : (
        <ul className="list" aria-label="Folder contents">
          {folders.data.map((f) => (
            <li key={f.id}>
              <button type="button" className="list-item btn ghost" style={{ width: "100%", justifyContent: "flex-start", borderRadius: 0 }} onClick={() => setFolder(f.path)}>
                <span aria-hidden="true">📁</span><span className="grow" style={{ textAlign: "left" }}>{f.name}</span>
              </button>
            </li>
          ))}
          {files.data.items.map((file) => (
            <li key={file.id} className="list-item">
              <span aria-hidden="true">📄</span>
              <div className="grow">
                <div className="truncate">{file.name}</div>
                <div className="small muted">{formatBytes(file.size_bytes)} · <Time iso={file.created_at} /></div>
              </div>
              <button type="button" className="btn small" onClick={() => void download(file)}>Download</button>
              <button type="button" className="btn small" onClick={() => void share(file)}>Share link</button>
              <button type="button" className="btn small danger" onClick={() => remove.mutate(file.id)} aria-label={`Delete ${file.name}`}>Delete</button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
