// Copyright 2026 The dedup Authors.
//
// The `dedup` command: parses flags into pipeline::PipelineOptions, runs the
// pipeline, and maps its status to an exit code and a one-line error. No
// algorithm lives here.
//
// Exit status: 0 success; 1 bad usage or unreadable input; 2 internal failure.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

#include "core/io/interrupt.h"
#include "core/pipeline/comm.h"
#include "core/pipeline/pipeline.h"
#ifdef DEDUP_WITH_MPI
#include <memory>
#include <thread>

#include "core/dist/mpi_comm.h"
#endif

namespace {

using dedup::pipeline::PipelineOptions;

struct Flags {
  PipelineOptions o;
  std::string keep = "first";
  std::string progress = "auto";
  bool no_near_dup = false, no_blocks = false, no_boilerplate = false, no_t2s = false;
  std::string explain_id;
  bool color = false;
  double sketch_mb = 64;
};

void AddCommonOptions(CLI::App* cmd, Flags* f, bool with_reports) {
  cmd->add_option("INPUT", f->o.inputs,
                  "files or directories (recursive, sorted): *.txt, *.jsonl[.gz|.zst], *.warc.wet[.gz]; - = JSONL on stdin")
      ->required();
  if (with_reports) {
    cmd->add_option("--report", f->o.report_path, "write the JSON report here");
    cmd->add_option("--html", f->o.html_path, "write a self-contained HTML report here");
  }
  cmd->add_option("--threshold", f->o.threshold, "Jaccard similarity at which two documents are near-duplicates")
      ->default_val(0.8)
      ->check(CLI::Range(0.01, 1.0));
  cmd->add_option("--num-perm", f->o.num_perm, "MinHash permutations")->default_val(128)->check(CLI::Range(1, 4096));
  cmd->add_option("--bands", f->o.bands, "LSH bands (default: chosen from --threshold)");
  cmd->add_option("--rows", f->o.rows, "LSH rows per band (default: chosen from --threshold)");
  cmd->add_option("--ngram", f->o.ngram, "shingle size: characters for CJK/Thai, words otherwise")
      ->default_val(5)
      ->check(CLI::Range(1, 64));
  cmd->add_option("--seed", f->o.seed, "hash seed")->default_val(42);
  cmd->add_option("--minhash", f->o.minhash_method,
                  "signature scheme: oph = one-permutation hashing with optimal densification (O(1) per shingle), "
                  "kperm = K independent permutations (O(K) per shingle, as datasketch)")
      ->transform(CLI::CheckedTransformer(std::map<std::string, dedup::minhash::MinHashMethod>{
          {"oph", dedup::minhash::MinHashMethod::kOnePermutation}, {"kperm", dedup::minhash::MinHashMethod::kPermutations}}))
      ->default_str("oph");
  cmd->add_option("--text-field", f->o.reader.text_field, "JSONL field holding the text")->default_val("text");
  cmd->add_option("--id-field", f->o.reader.id_field, "JSONL field holding the id (missing: FILE:LINE)")
      ->default_val("id");
  cmd->add_option("--group-field", f->o.reader.group_field,
                  "field grouping documents for boilerplate statistics (absent: host of url; absent: one group)")
      ->default_val("site");
  cmd->add_flag("--no-near-dup", f->no_near_dup, "switch near-duplicate detection off");
  cmd->add_flag("--no-repeated-blocks", f->no_blocks, "switch repeated-block detection off");
  cmd->add_flag("--no-boilerplate", f->no_boilerplate, "switch boilerplate detection off");
  cmd->add_option("--rules", f->o.rules_files,
                  "boilerplate rules file(s) added to the built-in pack (format: `dedup rules`); each rule's "
                  "name appears as \"rule\" in the output")
      ->check(CLI::ExistingFile);
  cmd->add_flag("--rules-only", f->o.rules_replace_default, "use only the --rules files, not the built-in pack");
  cmd->add_option("--min-block-chars", f->o.block_options.min_chars,
                  "repeated blocks: shortest copy removed, in letters/digits/ideographs (spaces and punctuation "
                  "not counted); shorter repeats (headings, refrains, table labels) stay")
      ->default_val(64)
      ->check(CLI::Range(8, 1000000));
  cmd->add_option("--min-site-docs", f->o.boilerplate_options.min_docs,
                  "boilerplate: a line is site furniture when at least this many pages of its group hold it (and at "
                  "least 1% of them; a sentence-like line needs half the group)")
      ->default_val(3)
      ->check(CLI::Range(2, 1000000000));
  cmd->add_flag("--no-traditional-to-simplified", f->no_t2s,
                "match traditional and simplified Chinese as different text");
  cmd->add_option("--keep", f->keep,
                  "which document of a near-duplicate cluster is kept: first | longest | field:NAME (highest numeric "
                  "value); ties by input order")
      ->default_val("first");
  cmd->add_flag("--keep-duplicates", f->o.keep_duplicates,
                "keep near-duplicates in OUT, annotated with duplicate_of, instead of dropping them");
  cmd->add_option("--threads", f->o.threads, "worker threads (0 = all cores)")->default_val(0)->check(CLI::Range(0, 1024));
  cmd->add_option("--progress", f->progress, "progress bar on stderr: auto (when a terminal) | always | never")
      ->default_val("auto")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->add_flag("--strict", f->o.reader.strict, "stop at the first malformed record (exit 1)");
  cmd->add_flag("--repair-utf8", f->o.reader.repair_utf8,
                "keep a record of UTF-8 with a few invalid bytes, each bad sequence replaced by U+FFFD (counted in the "
                "report's encodings.replaced) instead of skipping it as malformed");
  cmd->add_option("--temp-dir", f->o.temp_dir, "folder for spooling standard input");
  cmd->add_option("--sketch-memory", f->sketch_mb,
                  "MB of candidates' sketches verified and clustered at a time (read back from a temporary file in "
                  "batches); less memory, more batches")
      ->default_val(64)
      ->check(CLI::Range(0.001, 1048576.0));
}

// Returns an error message, or "" when the flags are consistent.
std::string Finish(Flags* f) {
  PipelineOptions& o = f->o;
  o.near_dup = !f->no_near_dup;
  o.repeated_blocks = !f->no_blocks;
  o.boilerplate = !f->no_boilerplate;
  o.traditional_to_simplified = !f->no_t2s;
  o.sketch_batch_bytes = static_cast<size_t>(f->sketch_mb * 1048576.0);
  if (f->keep == "first") {
    o.keep = dedup::cluster::KeepPolicy::kFirst;
  } else if (f->keep == "longest") {
    o.keep = dedup::cluster::KeepPolicy::kLongest;
  } else if (f->keep.rfind("field:", 0) == 0 && f->keep.size() > 6) {
    o.keep = dedup::cluster::KeepPolicy::kField;
    o.keep_field = f->keep.substr(6);
    o.reader.keep_field = o.keep_field;
  } else {
    return "--keep must be first, longest or field:NAME, not '" + f->keep + "'";
  }
  o.progress = f->progress == "always"  ? dedup::pipeline::ProgressMode::kAlways
               : f->progress == "never" ? dedup::pipeline::ProgressMode::kNever
                                        : dedup::pipeline::ProgressMode::kAuto;
  return "";
}

int ExitCodeFor(const absl::Status& s) {
  switch (s.code()) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kDataLoss:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kResourceExhausted:  // a full disk, a file size limit
      return 1;
    default:
      return 2;
  }
}

int Fail(const absl::Status& s) {
  std::string msg(s.message());
  for (char& c : msg)
    if (c == '\n') c = ' ';
  std::fprintf(stderr, "dedup: %s\n", msg.c_str());
  return ExitCodeFor(s);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"dedup: finds and removes near-duplicate documents, repeated blocks and boilerplate in crawled text"};
  app.set_version_flag("--version", std::string("dedup ") + DEDUP_VERSION);
  app.require_subcommand(1);
  Flags clean, scan, explain;

  CLI::App* c = app.add_subcommand("clean", "detect and remove; write cleaned documents to OUT");
  AddCommonOptions(c, &clean, true);
  c->add_option("--shard-format", clean.o.shard_format,
                "under MPI: the format of each rank's shard in the OUT folder, part-RRRRR.FORMAT")
      ->check(CLI::IsMember({"jsonl", "jsonl.zst", "jsonl.gz"}))
      ->default_val("jsonl");
  c->add_option("-o,--output", clean.o.output,
                "OUT: a .jsonl / .jsonl.zst / .jsonl.gz file, or a directory (mirrors .txt inputs as cleaned .txt); "
                "written atomically, never onto an input")
      ->required();

  CLI::App* s = app.add_subcommand("scan", "detect and report only (writes no documents)");
  AddCommonOptions(s, &scan, true);

  CLI::App* x = app.add_subcommand("explain", "show one document with its removed spans marked, and why");
  AddCommonOptions(x, &explain, false);
  x->add_option("--id", explain.explain_id, "document id (default: the first document)");
  x->add_flag("--color", explain.color, "highlight removed spans with ANSI colours");

  CLI::App* r = app.add_subcommand("rules", "print the built-in boilerplate rule pack (the format and a template for --rules)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "dedup: %s (see dedup --help)\n", e.what());
    return 1;
  }

  if (r->parsed()) {
    const std::string_view text = dedup::boilerplate::RulePack::DefaultText();
    std::fwrite(text.data(), 1, text.size(), stdout);
    return 0;
  }
  Flags* f = c->parsed() ? &clean : s->parsed() ? &scan : &explain;
  if (std::string err = Finish(f); !err.empty()) {
    std::fprintf(stderr, "dedup: %s\n", err.c_str());
    return 1;
  }
  // From here on a SIGINT/SIGTERM removes unfinished outputs before exiting.
  dedup::io::InstallInterruptHandler();
#ifdef DEDUP_WITH_MPI
  // Under mpirun/srun (after the interrupt handler, so that the MPI
  // library's threads start with the signals blocked and the handler gets
  // them), clean and scan split the run among the job's ranks;
  // each rank takes its share of this machine's cores, and rank 0 alone
  // shows progress, writes the reports and prints the summary.
  std::unique_ptr<dedup::dist::MpiJob> job;
  if (!x->parsed() && dedup::dist::LaunchedByMpi()) {
    job = std::make_unique<dedup::dist::MpiJob>(&argc, &argv);
    f->o.comm = &job->comm();
    if (f->o.threads == 0) {
      const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
      f->o.threads = std::max(1, cores / std::max(1, job->local_ranks()));
    }
    if (job->comm().rank() != 0) f->o.progress = dedup::pipeline::ProgressMode::kNever;
  }
#endif
  if (x->parsed()) {
    auto out = dedup::pipeline::RunExplain(f->o, f->explain_id, f->color);
    if (!out.ok()) return Fail(out.status());
    std::fwrite(out->data(), 1, out->size(), stdout);
    return 0;
  }
  auto result = c->parsed() ? dedup::pipeline::RunClean(f->o) : dedup::pipeline::RunScan(f->o);
  // A rank's outcome is said below; mpirun may still stop it with SIGTERM
  // when another rank exits first with an error, which needs no second line.
  if (f->o.comm != nullptr) dedup::io::QuietInterrupts();
  // Of a split run, the rank that failed says why; the others exit quietly
  // with the same status.
  if (!result.ok() && dedup::pipeline::IsAnotherRanksFailure(result.status())) return ExitCodeFor(result.status());
  if (!result.ok()) return Fail(result.status());
  const bool report_rank = f->o.comm == nullptr || f->o.comm->rank() == 0;
  if (report_rank) std::fputs(result->report.Summary().c_str(), stderr);
  return 0;
}
