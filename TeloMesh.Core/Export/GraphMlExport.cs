using System.Xml;
using TeloMesh.Core.Graph;

namespace TeloMesh.Core.Export;

/// <summary>
/// Writes <c>user_graph.graphml</c> with <see cref="XmlWriter"/> (QuikGraph's GraphML writer is not published for
/// .NET 10). Node ids are page names; edges carry <c>weight</c> (int), <c>event</c> and <c>event_counts</c> (JSON text),
/// which networkx, Gephi and yEd read as attributes.
/// </summary>
public static class GraphMlExport
{
    private const string Namespace = "http://graphml.graphdrawing.org/xmlns";

    public static void Write(string path, JourneyGraph graph) => AtomicFile.Write(path, stream =>
    {
        using var xml = XmlWriter.Create(stream, new XmlWriterSettings { Indent = true, CheckCharacters = false });
        xml.WriteStartDocument();
        xml.WriteStartElement("graphml", Namespace);
        Key(xml, "d0", "edge", "weight", "int");
        Key(xml, "d1", "edge", "event", "string");
        Key(xml, "d2", "edge", "event_counts", "string");
        xml.WriteStartElement("graph", Namespace);
        xml.WriteAttributeString("edgedefault", "directed");
        foreach (var node in graph.NodeOrder)
        {
            xml.WriteStartElement("node", Namespace);
            xml.WriteAttributeString("id", XmlSafe(graph.Pages[node]));
            xml.WriteEndElement();
        }
        foreach (var edge in graph.Edges)
        {
            xml.WriteStartElement("edge", Namespace);
            xml.WriteAttributeString("source", XmlSafe(graph.Pages[edge.From]));
            xml.WriteAttributeString("target", XmlSafe(graph.Pages[edge.To]));
            Data(xml, "d0", edge.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Data(xml, "d1", XmlSafe(graph.EventNames[edge.Event]));
            // A JSON string as JsonSerializer writes one (the default encoder), without the serializer's cold start (tens of ms).
            var counts = string.Join(", ", edge.EventCounts.Select(c =>
                $"\"{System.Text.Json.JsonEncodedText.Encode(graph.EventNames[c.Event])}\": {c.Count}"));
            Data(xml, "d2", XmlSafe("{" + counts + "}"));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    });

    private static void Key(XmlWriter xml, string id, string target, string name, string type)
    {
        xml.WriteStartElement("key", Namespace);
        xml.WriteAttributeString("id", id);
        xml.WriteAttributeString("for", target);
        xml.WriteAttributeString("attr.name", name);
        xml.WriteAttributeString("attr.type", type);
        xml.WriteEndElement();
    }

    private static void Data(XmlWriter xml, string key, string value)
    {
        xml.WriteStartElement("data", Namespace);
        xml.WriteAttributeString("key", key);
        xml.WriteString(value);
        xml.WriteEndElement();
    }

    /// <summary>XML 1.0 cannot hold most control characters (NUL among them), even escaped: replace them with U+FFFD.</summary>
    private static string XmlSafe(string text)
    {
        if (!text.Any(c => !XmlConvert.IsXmlChar(c) && !char.IsSurrogate(c))) return text;
        return string.Concat(text.Select(c => XmlConvert.IsXmlChar(c) || char.IsSurrogate(c) ? c : '\uFFFD'));
    }
}
