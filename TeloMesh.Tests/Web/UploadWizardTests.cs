using TeloMesh.Core.Datasets;
using TeloMesh.Core.Events;
using TeloMesh.Core.Import;
using TeloMesh.Core.Stages;
using TeloMesh.Web.Model;
using TeloMesh.Web.Services;

namespace TeloMesh.Tests.Web;

/// <summary>The upload wizard's steps and transitions, without a page: each test walks the path a user takes.</summary>
public class UploadWizardTests
{
    private static readonly string[] FullHeader = ["user_id", "timestamp", "page", "event"];
    private static readonly string[] VendorHeader = ["distinct_id", "time", "page", "event"];

    private static SourcePreview Csv(params string[] header) =>
        new(EventFormat.Telomesh, [], new CsvPreview(header, [], ',', [.. ColumnPositions.Missing(header, ColumnMapping.Default)]));

    /// <summary>A guess that says what it was given, to see that the wizard asks with the file's header.</summary>
    private static ColumnMapping Guess(IReadOnlyList<string> header) => ColumnMapping.Default with { User = header[0], Timestamp = header[1] };

    private static UploadWizard Chosen(string file = "My Events.csv", long size = 2_621_440)
    {
        var wizard = new UploadWizard();
        wizard.FileChosen(file, size);
        return wizard;
    }

    [Fact]
    public void Choosing_a_file_names_the_dataset_after_it_and_enables_the_upload()
    {
        var wizard = new UploadWizard();
        Assert.Equal((UploadStep.Choose, false), (wizard.Step, wizard.CanUpload));
        Assert.Equal("Drop a CSV here, or click to choose one", wizard.DropZoneText);

        wizard.FileChosen("My Events.csv", 2_621_440);
        // "My Events" slugged: lower case, the space a dash. 2,621,440 bytes / 1,048,576 = 2.5 MB.
        Assert.Equal(("my-events", true), (wizard.Name, wizard.CanUpload));
        Assert.Equal("My Events.csv (2.5 MB)", wizard.DropZoneText);

        wizard.Name = "shop";
        wizard.FileChosen("other.csv", 1);
        Assert.Equal("shop", wizard.Name); // a name the user typed is kept
    }

    [Fact]
    public void An_upload_starts_with_a_trimmed_valid_name_and_reports_its_progress()
    {
        var wizard = Chosen();
        wizard.Name = "  shop  ";
        Assert.True(wizard.BeginUpload());
        Assert.Equal(("shop", true, null), (wizard.Name, wizard.Uploading, wizard.Error));

        wizard.UploadProgress(1_048_576, 4_194_304); // 1 MB of 4 MB: a quarter
        Assert.Equal(0.25, wizard.UploadFraction);
        Assert.Equal("Uploading… 1.0 MB of 2.5 MB", wizard.UploadProgressText);
        wizard.UploadProgress(0, 0); // an empty body is all sent
        Assert.Equal(1, wizard.UploadFraction);
    }

    [Fact]
    public void A_name_that_cannot_be_a_datasets_does_not_start_an_upload()
    {
        var wizard = Chosen();
        wizard.Name = "../x";
        Assert.False(wizard.BeginUpload());
        Assert.False(wizard.Uploading);
        Assert.Equal(DatasetPaths.ValidationError("../x"), wizard.Error);
    }

    [Fact]
    public void A_refused_upload_says_why_in_the_endpoints_words()
    {
        var wizard = Chosen();
        wizard.BeginUpload();
        Assert.False(wizard.UploadDone(409, """{"error":"A dataset called 'my-events' already exists"}"""));
        Assert.Equal(("A dataset called 'my-events' already exists", false, UploadStep.Choose), (wizard.Error, wizard.Uploading, wizard.Step));
        Assert.False(wizard.UploadDone(0, "not json"));
        Assert.Equal("The upload failed (HTTP 0).", wizard.Error);
        Assert.True(wizard.UploadDone(201, "{}"));
    }

    [Fact]
    public void A_complete_csv_is_analysed_at_once_and_a_vendor_export_is_shown_first()
    {
        var csv = Chosen();
        Assert.True(csv.Inspected(Csv(FullHeader), Guess));
        Assert.Equal(UploadStep.Choose, csv.Step); // the page analyses it now
        csv.BeginAnalysis();
        Assert.Equal(UploadStep.Analyse, csv.Step);

        var vendor = Chosen("export.json.gz");
        Assert.False(vendor.Inspected(new SourcePreview(EventFormat.Ga4, [], null), Guess));
        Assert.Equal((UploadStep.Preview, EventFormat.Ga4), (vendor.Step, vendor.Format));
        Assert.False(vendor.CanMapAgain); // its columns are the vendor's, not mapped by hand
        vendor.BeginAnalysis();
        Assert.Equal(UploadStep.Analyse, vendor.Step);
    }

    [Fact]
    public void A_csv_lacking_a_column_asks_for_a_mapping_and_comes_back_to_it_when_the_mapping_does_not_fit()
    {
        var wizard = Chosen();
        Assert.False(wizard.Inspected(Csv(VendorHeader), Guess));
        Assert.Equal(UploadStep.Map, wizard.Step);
        Assert.Equal(["user_id", "timestamp"], wizard.Csv!.MissingColumns);
        Assert.Equal(("distinct_id", "time"), (wizard.Mapping.User, wizard.Mapping.Timestamp)); // guessed from the header

        wizard.Error = "an old message";
        wizard.BeginAnalysis();
        Assert.Equal((UploadStep.Analyse, null), (wizard.Step, wizard.Error));
        wizard.MappingRefused("No row has a readable timestamp.");
        Assert.Equal((UploadStep.Map, "No row has a readable timestamp."), (wizard.Step, wizard.Error));
    }

    [Fact]
    public void A_cancelled_or_unwritten_analysis_keeps_the_file_and_goes_back_to_the_start()
    {
        var wizard = Chosen();
        wizard.Name = "shop";
        wizard.Inspected(Csv(FullHeader), Guess);
        wizard.BeginAnalysis();
        wizard.Cancelled();
        Assert.Equal(UploadStep.Choose, wizard.Step);
        Assert.Equal("Analysis cancelled. The file is kept as dataset 'shop': analyse it again from the datasets page.", wizard.Error);
        Assert.Equal(("", null, null), (wizard.Name, wizard.FileName, wizard.Source));

        wizard.Name = "shop";
        wizard.BeginAnalysis();
        wizard.NotWritten(new IOException("No space left on device."));
        Assert.Equal("Dataset 'shop' could not be analysed: No space left on device. The uploaded file is kept: analyse it again from the datasets page.",
            wizard.Error);
    }

    [Fact]
    public void An_unreadable_file_goes_back_to_the_start_keeping_the_name()
    {
        var wizard = Chosen("broken.csv");
        wizard.Unreadable("The file is empty.");
        Assert.Equal(UploadStep.Choose, wizard.Step);
        Assert.Equal(("broken.csv cannot be analysed: The file is empty.", "broken", null), (wizard.Error, wizard.Name, wizard.FileName));
    }

    [Fact]
    public void A_transition_from_a_step_it_does_not_belong_to_is_refused()
    {
        var wizard = Chosen();
        Assert.Throws<InvalidOperationException>(wizard.Cancelled); // nothing is being analysed
        wizard.Inspected(new SourcePreview(EventFormat.Mixpanel, [], null), Guess);
        Assert.Throws<InvalidOperationException>(() => wizard.FileChosen("another.csv", 1)); // the drop zone is gone
        wizard.BeginAnalysis();
        Assert.Throws<InvalidOperationException>(() => wizard.MappingRefused("x")); // a vendor export has no mapping to redo
        Assert.Throws<InvalidOperationException>(wizard.BeginAnalysis); // already analysing
    }

    [Theory]
    // Reading the file is 70 % of the bar; the stages after it share the rest.
    [InlineData(PipelineStage.Parse, 0.5, 0.35)] // 0.7 x 0.5
    [InlineData(PipelineStage.Graph, 0.5, 0.775)] // 0.75 + 0.05 x 0.5
    [InlineData(PipelineStage.Analysis, 1, 0.95)] // 0.85 + 0.1 x 1
    [InlineData(PipelineStage.Export, 1, 1)] // 0.95 + 0.05 x 1
    public void Analysis_progress_weighs_the_stages(PipelineStage stage, double fraction, double overall)
    {
        var wizard = new UploadWizard { Progress = new PipelineProgress(stage, fraction, "") };
        Assert.Equal(overall, wizard.AnalysisFraction, 12);
    }

    [Fact]
    public void Rejected_rows_are_cut_to_120_characters()
    {
        Assert.Equal(new string('a', 120), UploadWizard.Shorten(new string('a', 120)));
        Assert.Equal(new string('a', 119) + "…", UploadWizard.Shorten(new string('a', 121)));
    }
}
