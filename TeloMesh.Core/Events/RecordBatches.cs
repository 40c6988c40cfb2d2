using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Text;
using CsvHelper;

namespace TeloMesh.Core.Events;

/// <summary>
/// The records of a CSV reader, read on a second thread and handed over in batches, so that reading (CsvHelper's scan)
/// and adding (interning, which must keep file order) run on two cores at once. Each record's bytes are copied into
/// its batch, with the work that needs nothing shared done on the reading thread too: the UTF-8 check and the
/// timestamp. Records come out in file order, malformed ones (which CsvHelper reports through its callback) in their
/// place among them.
/// </summary>
internal sealed class RecordBatches : IDisposable
{
    private const int BatchRecords = 4096;

    /// <summary>A batch is handed over at this size too, so a file of huge rows is not held a few thousand rows at a time.</summary>
    private const int BatchBytes = 4 << 20;

    private readonly CsvReader _reader;
    private readonly RecordFields _fields;
    private readonly int _headerFields;
    private readonly BlockingCollection<RecordBatch> _full = new(boundedCapacity: 4);
    private readonly ConcurrentBag<RecordBatch> _empty = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stream? _rereadable;
    private Task? _reading;
    private ExceptionDispatchInfo? _failure;
    private RecordBatch _current;

    public RecordBatches(CsvReader reader, Stream? rereadable, RecordFields fields, int headerFields)
    {
        _reader = reader;
        _rereadable = rereadable;
        _fields = fields;
        _headerFields = headerFields;
        _current = new RecordBatch(fields);
    }

    /// <summary>Where the reader stopped, in bytes of input (for the last progress report).</summary>
    public long ByteOffset { get; private set; }

    /// <summary>Called by CsvHelper (on the reading thread) for each malformed record it skips.</summary>
    public void Malformed(RejectedRow row) => _current.AddMalformed(row, _reader.ByteOffset);

    /// <summary>
    /// Starts reading (once the caller holds this object, which CsvHelper's malformed-record callback reaches) and
    /// returns the batches in file order; each is handed back (<see cref="Recycle"/>) once used.
    /// </summary>
    public IEnumerable<RecordBatch> Batches(CancellationToken cancellationToken)
    {
        _reading = Task.Factory.StartNew(Read, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        foreach (var batch in _full.GetConsumingEnumerable(cancellationToken))
            yield return batch;
        _failure?.Throw();
    }

    public void Recycle(RecordBatch batch)
    {
        batch.Clear();
        _empty.Add(batch);
    }

    private void Read()
    {
        try
        {
            while (!_stop.IsCancellationRequested && CsvEventReader.ReadRecord(_reader, _rereadable))
            {
                _current.Add(_reader, _headerFields);
                if (_current.Count >= BatchRecords || _current.BytesUsed >= BatchBytes) Hand();
            }
            ByteOffset = _reader.ByteOffset;
            Hand();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
            // The records read before the failure are handed over first, as a single-threaded reader would have added them.
            try
            {
                Hand();
            }
            catch (OperationCanceledException)
            {
            }
        }
        finally
        {
            _full.CompleteAdding();
        }
    }

    private void Hand()
    {
        if (_current.Count == 0) return;
        _full.Add(_current, _stop.Token);
        _current = _empty.TryTake(out var batch) ? batch : new RecordBatch(_fields);
    }

    /// <summary>Stops the reading thread and waits for it, so the reader is no longer in use.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        _reading?.Wait();
        _stop.Dispose();
        _full.Dispose();
    }
}

/// <summary>
/// Which columns of a record are read, and how: each mapped column (and each extra one) gets a slot; names are trimmed
/// and, when asked, a formula escape (a leading <c>'</c> before <c>= + - @</c>, tab or CR) is undone; extras are kept as
/// they are.
/// </summary>
internal sealed class RecordFields
{
    public readonly int[] Columns;
    public readonly bool[] Trim, UndoEscape;
    public readonly int User, Timestamp, Page, Event, Session;
    public readonly int[] Extras;

    public RecordFields(ColumnPositions positions, bool undoEscape)
    {
        var columns = new List<(int Column, bool Trim, bool Escape)>();
        int Slot(int column, bool trim, bool escape)
        {
            if (column < 0) return -1;
            columns.Add((column, trim, escape));
            return columns.Count - 1;
        }
        User = Slot(positions.User, true, undoEscape);
        Timestamp = Slot(positions.Timestamp, true, false);
        Page = Slot(positions.Page, true, undoEscape);
        Event = Slot(positions.Event, true, undoEscape);
        Session = Slot(positions.Session, true, undoEscape);
        Extras = [.. positions.Extras.Select(e => Slot(e.Index, false, false))];
        Columns = [.. columns.Select(c => c.Column)];
        Trim = [.. columns.Select(c => c.Trim)];
        UndoEscape = [.. columns.Select(c => c.Escape)];
    }
}

/// <summary>
/// Records copied out of a CSV reader: their raw bytes, the bytes of the columns asked for, and the parsed timestamp.
/// The text of a column is decoded where it is used (<see cref="Text"/>), on the thread that interns it.
/// </summary>
internal sealed class RecordBatch(RecordFields fields)
{
    private readonly int _slots = fields.Columns.Length;
    private const int BaseBytes = 1 << 18;
    private byte[] _bytes = new byte[BaseBytes];
    private int _used;
    private int[] _fieldStarts = new int[fields.Columns.Length * 256], _fieldLengths = new int[fields.Columns.Length * 256];
    private Record[] _records = new Record[256];
    private char[] _time = new char[64];

    public int Count { get; private set; }

    /// <summary>One record, or (with <see cref="Malformed"/> set) a malformed one CsvHelper skipped.</summary>
    public struct Record
    {
        public long Line, ByteOffset, Ticks;
        public int FieldCount, RawStart, RawLength;
        public bool ValidUtf8, TimestampParsed;
        public string? TimestampError;
        public RejectedRow? Malformed;
    }

    public ref readonly Record this[int index] => ref _records[index];

    public ReadOnlySpan<byte> Raw(int index) => _bytes.AsSpan(_records[index].RawStart, _records[index].RawLength);

    private ReadOnlySpan<byte> Bytes(int index, int slot)
    {
        var k = index * _slots + slot;
        return _bytes.AsSpan(_fieldStarts[k], _fieldLengths[k]);
    }

    /// <summary>
    /// The text of a slot, decoded into <paramref name="buffer"/> (grown as needed), trimmed and unescaped as
    /// <see cref="RecordFields"/> says. Only for a record with the header's field count that is valid UTF-8.
    /// </summary>
    public ReadOnlySpan<char> Text(int index, int slot, ref char[] buffer) => Decode(Bytes(index, slot), slot, ref buffer);

    private ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes, int slot, ref char[] buffer)
    {
        var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (needed > buffer.Length) buffer = new char[Math.Max(needed, buffer.Length * 2)];
        ReadOnlySpan<char> text = buffer.AsSpan(0, Encoding.UTF8.GetChars(bytes, buffer));
        if (fields.Trim[slot]) text = text.Trim();
        return fields.UndoEscape[slot] && text.Length >= 2 && text[0] == '\'' && text[1] is '=' or '+' or '-' or '@' or '\t' or '\r' ? text[1..] : text;
    }

    public void AddMalformed(RejectedRow row, long byteOffset)
    {
        Reserve(0);
        _records[Count++] = new Record { Malformed = row, ByteOffset = byteOffset };
    }

    /// <summary>Bytes held (raw records and their fields).</summary>
    public int BytesUsed => _used;

    public void Add(CsvReader reader, int headerFields)
    {
        var raw = reader.RawRecord;
        Reserve(raw.Length);
        ref var record = ref _records[Count];
        record = new Record { Line = reader.LineNumber, ByteOffset = reader.ByteOffset, FieldCount = reader.FieldCount, RawStart = _used, RawLength = raw.Length };
        Copy(raw);
        record.ValidUtf8 = System.Text.Unicode.Utf8.IsValid(raw);
        if (record.FieldCount == headerFields && record.ValidUtf8)
        {
            for (var slot = 0; slot < _slots; slot++)
            {
                var field = reader.GetSpan(fields.Columns[slot]);
                Reserve(field.Length);
                var k = Count * _slots + slot;
                _fieldStarts[k] = _used;
                _fieldLengths[k] = field.Length;
                Copy(field);
            }
            var time = Decode(Bytes(Count, fields.Timestamp), fields.Timestamp, ref _time);
            record.TimestampParsed = TimestampParser.TryParse(time, out record.Ticks, out record.TimestampError);
        }
        Count++;
    }

    private void Copy(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_bytes.AsSpan(_used));
        _used += bytes.Length;
    }

    /// <summary>Room for one more record and <paramref name="bytes"/> more bytes.</summary>
    private void Reserve(int bytes)
    {
        if (Count == _records.Length)
        {
            Array.Resize(ref _records, Count * 2);
            Array.Resize(ref _fieldStarts, _records.Length * _slots);
            Array.Resize(ref _fieldLengths, _records.Length * _slots);
        }
        if (_used + bytes > _bytes.Length) Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + bytes));
    }

    public void Clear()
    {
        Count = 0;
        _used = 0;
        if (_bytes.Length > 4 * BaseBytes) _bytes = new byte[BaseBytes]; // after a huge record, give the memory back
    }
}
