using TeloMesh.Core.Events;
using TeloMesh.Core.Import;

namespace TeloMesh.Web.Services;

/// <summary>
/// The first records of an uploaded source, to check before it is analysed: a vendor export's as they will be mapped
/// (<see cref="Vendor"/>), or a TeloMesh CSV's header and first rows (<see cref="Csv"/>), whose columns may need mapping.
/// </summary>
public sealed record SourcePreview(EventFormat Format, IReadOnlyList<MappedRecord> Vendor, CsvPreview? Csv);
