// TeloMesh browser helpers: the upload (a plain HTTP POST with progress, much faster than a file over SignalR)
// and the remembered theme.
window.telomesh = {
  // Wires a drop zone and its file input. Calls dotnet.OnFileChosen(name, size) when a file is picked or dropped.
  initUpload(zone, input, dotnet) {
    const choose = (file) => { if (file) { zone._file = file; dotnet.invokeMethodAsync('OnFileChosen', file.name, file.size); } };
    zone.addEventListener('click', () => input.click());
    input.addEventListener('change', () => choose(input.files[0]));
    zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('dragging'); });
    zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
    zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('dragging'); choose(e.dataTransfer.files[0]); });
  },

  // Sends the chosen file to url with the antiforgery token in header tokenHeader. Reports OnUploadProgress(sent,
  // total) and ends with OnUploadDone(status, body).
  upload(zone, url, tokenHeader, token, dotnet) {
    const file = zone._file;
    if (!file) return false;
    const xhr = new XMLHttpRequest();
    zone._xhr = xhr;
    let last = 0;
    xhr.upload.onprogress = (e) => {
      const now = Date.now();
      if (e.lengthComputable && (now - last > 100 || e.loaded === e.total)) { last = now; dotnet.invokeMethodAsync('OnUploadProgress', e.loaded, e.total); }
    };
    xhr.onload = () => dotnet.invokeMethodAsync('OnUploadDone', xhr.status, xhr.responseText);
    xhr.onerror = () => dotnet.invokeMethodAsync('OnUploadDone', 0, '{"error":"The connection failed during the upload."}');
    xhr.onabort = () => dotnet.invokeMethodAsync('OnUploadDone', -1, '{"error":"The upload was cancelled."}');
    xhr.open('POST', url);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    if (token) xhr.setRequestHeader(tokenHeader, token);
    xhr.send(file);
    return true;
  },

  cancelUpload(zone) { if (zone._xhr) zone._xhr.abort(); },

  setTheme(dark) {
    document.cookie = 'telomesh-theme=' + (dark ? 'dark' : 'light') + '; path=/; max-age=31536000; samesite=lax';
  },
};
