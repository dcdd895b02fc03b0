// Commands of text classification models (issue 4): train, predict and
// evaluate classifiers of category (DIS-8), request type (TYP-1) and urgency
// (TYP-2), and export the office's own history as training data. Three
// algorithms: fastText, a TF-IDF linear model (liblinear) and their
// ensemble; see docs/classification.md for how they compare. The libraries
// print nothing; standard output carries only the results, progress and
// messages go to standard error.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/classifier/evaluation.h"
#include "adapters/classifier/labelled_data.h"
#include "adapters/classifier/lexicon_file.h"
#include "adapters/fasttext/fasttext_classifier.h"
#include "adapters/liblinear/ensemble_classifier.h"
#include "adapters/liblinear/linear_classifier.h"
#include "adapters/liblinear/model_file.h"
#include "app/cli.h"
#include "app/platform.h"
#include "core/work_order/request_state.h"

namespace hotline::cli {
namespace {

struct ModelOptions {
  std::vector<std::string> data;
  std::string out;
  std::string model;
  std::string task = "category";
  std::string label_column;
  std::string lexicon;  // default DATA/triage/<task>_lexicon.tsv
  std::optional<double> threshold;
  bool no_rules = false;
  int folds = 5;
  std::uint32_t cv_seed = 12345;
  int top = 1;
  int level = 1;   // export: category level (1 = first-level)
  std::string db;  // export: the store (default the global --db)
  ml::TrainOptions train;
  // fastText options whose default depends on the task
  // (ml::default_train_options); set by resolve_algorithm.
  std::optional<int> epoch;
  std::optional<int> bucket;
  std::string algorithm;  // fasttext|linear|ensemble; default by task
  ml::LinearOptions linear;
  std::string solver = "lr";
  bool no_words = false;
  double linear_weight = 0.5;
};

// The best measured algorithm per task (docs/classification.md): the linear
// model for categories (more accurate than fastText and than the ensemble);
// fastText for type and urgency, whose 180 messages gave it no advantage.
std::string default_algorithm(const std::string& task) {
  return task == "category" ? "linear" : "fasttext";
}

// "(default A for category, B for type and urgency)" of a fastText option.
template <typename Field>
std::string default_by_task(Field field) {
  return " (default " + std::to_string(ml::default_train_options("category").*field) +
         " for category, " + std::to_string(ml::default_train_options("urgency").*field) +
         " for type and urgency)";
}

void add_train_options(CLI::App* cmd, ModelOptions& o) {
  cmd->add_option("--dim", o.train.dim, "vector dimension")->capture_default_str();
  cmd->add_option("--epoch", o.epoch,
                  "passes over the data" + default_by_task(&ml::TrainOptions::epoch));
  cmd->add_option("--lr", o.train.lr, "learning rate")->capture_default_str();
  cmd->add_option("--ngrams", o.train.word_ngrams, "character n-grams up to this length")
      ->capture_default_str();
  cmd->add_option("--min-count", o.train.min_count, "drop characters seen fewer times")
      ->capture_default_str();
  cmd->add_option("--bucket", o.bucket,
                  "hash buckets of n-grams; the file is about bucket x dim x 4 bytes" +
                      default_by_task(&ml::TrainOptions::bucket));
  cmd->add_option("--threads", o.train.threads, "training threads (1: reproducible)")
      ->capture_default_str();
  cmd->add_option("--seed", o.train.seed, "random seed")->capture_default_str();
  cmd->add_option("--ensemble", o.train.ensemble, "models averaged")->capture_default_str();
  cmd->add_option("--algorithm", o.algorithm,
                  "fasttext|linear|ensemble (default: linear for category, else fasttext)");
  cmd->add_option("--c", o.linear.c, "linear: C (0: chosen on held-out messages)")
      ->capture_default_str();
  cmd->add_option("--solver", o.solver, "linear: lr (logistic regression) or svm")
      ->capture_default_str();
  cmd->add_option(
         "--nb-alpha", o.linear.nb_alpha,
         "linear: scale features by their log-count ratio per label, this smoothing (0: off)")
      ->capture_default_str();
  cmd->add_option("--min-df", o.linear.features.min_df, "linear: messages a term must occur in")
      ->capture_default_str();
  cmd->add_flag("--no-words", o.no_words, "linear: character n-grams only, no dictionary words");
  cmd->add_option(
      "--dictionary", o.linear.features.dictionary,
      "linear: extra dictionary words (e.g. /usr/lib/python3/dist-packages/jieba/dict.txt)");
  cmd->add_flag("--word-bigrams", o.linear.features.word_bigrams,
                "linear: pairs of consecutive dictionary words as features");
  cmd->add_option("--linear-weight", o.linear_weight, "ensemble: the linear model's share")
      ->capture_default_str();
}

// Completes the options that depend on others: the algorithm's and
// fastText's defaults by task, the linear model's n-grams and threads (shared
// with fastText's options).
Status resolve_algorithm(ModelOptions& o) {
  if (o.algorithm.empty()) o.algorithm = default_algorithm(o.task);
  const auto defaults = ml::default_train_options(o.task);
  o.train.epoch = o.epoch.value_or(defaults.epoch);
  o.train.bucket = o.bucket.value_or(defaults.bucket);
  if (o.algorithm != "fasttext" && o.algorithm != "linear" && o.algorithm != "ensemble") {
    return fail(Error::invalid("--algorithm", "algorithm must be fasttext, linear or ensemble",
                               "--algorithm 应为 fasttext、linear 或 ensemble"));
  }
  if (o.solver != "lr" && o.solver != "svm") {
    return fail(Error::invalid("--solver", "solver must be lr or svm", "--solver 应为 lr 或 svm"));
  }
  o.linear.solver =
      o.solver == "svm" ? ml::LinearSolver::kSvm : ml::LinearSolver::kLogisticRegression;
  o.linear.features.ngrams = o.train.word_ngrams;
  o.linear.features.words = !o.no_words;
  o.linear.threads = o.train.threads;
  o.linear.seed = static_cast<std::uint32_t>(o.train.seed);
  return {};
}

Result<std::unique_ptr<TextClassifier>> train_classifier(
    const ModelOptions& o, const std::vector<ml::LabelledText>& rows) {
  auto erase = [](auto model) -> Result<std::unique_ptr<TextClassifier>> {
    if (!model) return fail(model.error());
    return std::unique_ptr<TextClassifier>(std::move(*model));
  };
  if (o.algorithm == "linear") return erase(ml::LinearClassifier::train(rows, o.linear, o.task));
  if (o.algorithm == "ensemble") {
    return erase(ml::EnsembleClassifier::train(rows, o.linear, o.train, o.linear_weight, o.task));
  }
  return erase(ml::FastTextClassifier::train(rows, o.train, o.task));
}

Status save_classifier(const TextClassifier& model, const std::string& path) {
  if (const auto* l = dynamic_cast<const ml::LinearClassifier*>(&model)) return l->save(path);
  if (const auto* e = dynamic_cast<const ml::EnsembleClassifier*>(&model)) return e->save(path);
  if (const auto* f = dynamic_cast<const ml::FastTextClassifier*>(&model)) return f->save(path);
  return fail(Error::internal("unknown classifier"));
}

void add_rule_options(CLI::App* cmd, ModelOptions& o) {
  cmd->add_option("--lexicon", o.lexicon,
                  "type/urgency lexicon (default DATA/triage/<task>_lexicon.tsv)");
  cmd->add_option("--threshold", o.threshold,
                  "model confidence that overrides the rules (urgency 0.3, type 0.5)");
  cmd->add_flag("--no-rules", o.no_rules, "the model alone, without the lexicon");
}

Status check_task(const std::string& task) {
  if (task == "category" || task == "type" || task == "urgency") return {};
  return fail(Error::invalid("--task", "task must be category, type or urgency",
                             "--task 应为 category、type 或 urgency"));
}

// The label column: --label-column, else "label" (the tipdm files), else the
// task's name (data/triage/labelled_messages.tsv has "type" and "urgency").
Result<std::vector<ml::LabelledText>> read_data(const ModelOptions& o) {
  std::vector<ml::LabelledText> all;
  for (const auto& path : o.data) {
    auto rows = ml::read_labelled_tsv(path, o.label_column.empty() ? "label" : o.label_column);
    if (!rows && o.label_column.empty()) rows = ml::read_labelled_tsv(path, o.task);
    if (!rows) return fail(rows.error());
    all.insert(all.end(), rows->begin(), rows->end());
  }
  return all;
}

// The rules of a type or urgency task, combined with a model's scores.
class Rules {
 public:
  static Result<Rules> load(const GlobalOptions& g, const ModelOptions& o,
                            const std::string& task) {
    Rules r;
    r.task_ = task;
    r.threshold_ = o.threshold.value_or(task == "urgency" ? 0.3 : 0.5);
    if (task == "category" || o.no_rules) return r;
    const std::string path =
        !o.lexicon.empty()
            ? o.lexicon
            : (std::filesystem::path(g.data_dir) / "triage" / (task + "_lexicon.tsv")).string();
    if (task == "urgency") {
      auto rules = ml::load_urgency_rules(path);
      if (!rules) return fail(rules.error());
      r.urgency_ = std::move(*rules);
    } else {
      auto rules = ml::load_request_type_rules(path);
      if (!rules) return fail(rules.error());
      r.type_ = std::move(*rules);
    }
    return r;
  }

  bool active() const { return urgency_ || type_; }

  // The decision for `text` given the model's scores of every label (empty:
  // the rules alone).
  LabelScore decide(std::string_view text, const std::vector<LabelScore>& model) const {
    if (urgency_) {
      const auto d = combine_urgency(urgency_->classify(text), model, threshold_);
      double confidence = d.confidence;
      if (d.urgency == Urgency::kGeneral) {
        confidence = 1.0;
        for (const auto& s : model) {
          if (s.label == "general") confidence = s.confidence;
        }
      }
      return {std::string(to_string(d.urgency)), confidence};
    }
    if (type_) {
      const auto d = type_->classify(text, model, threshold_);
      return {std::string(to_string(d.type)), d.by_default ? 0.0 : d.confidence};
    }
    if (model.empty()) return {"", 0.0};
    return model.front();
  }

 private:
  std::string task_;
  double threshold_ = 0.5;
  std::optional<UrgencyRules> urgency_;
  std::optional<RequestTypeRules> type_;
};

int train(ModelOptions o) {
  if (auto st = check_task(o.task); !st) return report_error(st.error());
  if (auto st = resolve_algorithm(o); !st) return report_error(st.error());
  auto rows = read_data(o);
  if (!rows) return report_error(rows.error());
  const auto start = std::chrono::steady_clock::now();
  auto model = train_classifier(o, *rows);
  if (!model) return report_error(model.error());
  if (auto st = save_classifier(**model, o.out); !st) return report_error(st.error());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "已训练 %s 模型（%s）：%zu 条消息，%zu 个标签，用时 %.1f 秒 → %s\n",
               o.task.c_str(), o.algorithm.c_str(), rows->size(), (*model)->labels().size(),
               seconds, o.out.c_str());
  if (const auto* l = dynamic_cast<const ml::LinearClassifier*>(model->get())) {
    std::fprintf(stderr, "线性模型：%zu 个特征，C = %g，温度 = %.3f\n", l->terms(), l->c(),
                 l->temperature());
  }
  return 0;
}

std::string format_confidence(double c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4f", c);
  return buf;
}

int predict(const GlobalOptions& g, const ModelOptions& o) {
  auto loaded = ml::load_model(o.model);
  if (!loaded) return report_error(loaded.error());
  const auto& model = loaded->classifier;
  auto rules = Rules::load(g, o, loaded->task);
  if (!rules) return report_error(rules.error());
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::string out;
    if (rules->active()) {
      const auto d = rules->decide(line, model->predict(line, -1));
      out = d.label + '\t' + format_confidence(d.confidence);
    } else {
      const auto top = model->predict(line, o.top);
      for (std::size_t i = 0; i < top.size(); ++i) {
        if (i > 0) out += '\t';
        out += top[i].label + '\t' + format_confidence(top[i].confidence);
      }
    }
    std::cout << out << '\n';
  }
  std::cout.flush();
  return 0;
}

void print_scores(const std::string& title, const ml::Scores& s, bool per_class) {
  std::printf("%s: n=%zu accuracy=%.4f macro-F1=%.4f\n", title.c_str(), s.n, s.accuracy,
              s.macro_f1);
  if (!per_class) return;
  std::printf("  %-16s %8s %8s %8s %8s\n", "label", "support", "P", "R", "F1");
  for (const auto& c : s.classes) {
    std::printf("  %-16s %8zu %8.4f %8.4f %8.4f\n", c.label.c_str(), c.support, c.precision,
                c.recall, c.f1);
  }
}

// TYP-2: recall of each urgent class, and of "urgent at all" (a life-safety
// message taken for utilities is still dispatched at once).
void print_urgency_recall(const std::string& title, const std::vector<std::string>& truth,
                          const std::vector<std::string>& predicted) {
  std::size_t urgent = 0, caught = 0, false_alarm = 0, general = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    if (truth[i] != "general") {
      ++urgent;
      if (predicted[i] != "general") ++caught;
    } else {
      ++general;
      if (predicted[i] != "general") ++false_alarm;
    }
  }
  const auto s = ml::score(truth, predicted);
  std::printf("%s:", title.c_str());
  for (const auto& c : s.classes) {
    if (c.label == "life-safety" || c.label == "utilities") {
      std::printf(" %s recall=%.4f (%zu/%zu) precision=%.4f;", c.label.c_str(), c.recall, c.correct,
                  c.support, c.precision);
    }
  }
  std::printf(" urgent-at-all recall=%.4f (%zu/%zu), false alarms %zu/%zu general\n",
              urgent ? static_cast<double>(caught) / static_cast<double>(urgent) : 0.0, caught,
              urgent, false_alarm, general);
}

// The reliability curve of the model's top confidence (docs/classification.md,
// "Calibrated confidences"), and for a few thresholds how many messages reach
// them and how often the top label is then right: what "sure" would mean.
void print_reliability(const std::vector<std::vector<LabelScore>>& scores,
                       const std::vector<std::string>& truth) {
  std::vector<double> top;
  std::vector<bool> right;
  for (std::size_t i = 0; i < scores.size() && i < truth.size(); ++i) {
    top.push_back(scores[i].empty() ? 0.0 : scores[i][0].confidence);
    right.push_back(!scores[i].empty() && scores[i][0].label == truth[i]);
  }
  std::printf("reliability (top confidence):\n  %-11s %6s %10s %9s\n", "bin", "n", "predicted",
              "observed");
  for (const auto& b : ml::reliability_curve(top, right)) {
    if (b.n == 0) continue;
    std::printf("  [%.1f, %.1f%c %6zu %10.4f %9.4f\n", b.low, b.high, b.high >= 1.0 ? ']' : ')',
                b.n, b.mean_confidence, b.accuracy);
  }
  for (const double t : {0.5, 0.6, 0.7, 0.8, 0.9, 0.95}) {
    std::size_t n = 0, ok = 0;
    for (std::size_t i = 0; i < top.size(); ++i) {
      if (top[i] < t) continue;
      ++n;
      ok += right[i] ? 1 : 0;
    }
    std::printf("  confidence >= %.2f: %zu of %zu messages (%.4f), right %.4f\n", t, n, top.size(),
                top.empty() ? 0.0 : static_cast<double>(n) / static_cast<double>(top.size()),
                n ? static_cast<double>(ok) / static_cast<double>(n) : 0.0);
  }
}

int evaluate(const GlobalOptions& g, ModelOptions o) {
  if (auto st = check_task(o.task); !st) return report_error(st.error());
  if (auto st = resolve_algorithm(o); !st) return report_error(st.error());
  auto rows = read_data(o);
  if (!rows) return report_error(rows.error());
  auto rules = Rules::load(g, o, o.task);
  if (!rules) return report_error(rules.error());

  std::vector<std::string> truth, model_only, rules_only, combined;
  auto report = [&] {
    print_scores("model", ml::score(truth, model_only), true);
    if (!rules->active()) return;
    print_scores("lexicon alone", ml::score(truth, rules_only), true);
    print_scores("lexicon + model", ml::score(truth, combined), true);
    if (o.task == "urgency") {
      print_urgency_recall("model", truth, model_only);
      print_urgency_recall("lexicon alone", truth, rules_only);
      print_urgency_recall("lexicon + model", truth, combined);
    }
  };
  if (!o.model.empty()) {
    // A trained model on the given data (no training).
    auto loaded = ml::load_model(o.model);
    if (!loaded) return report_error(loaded.error());
    std::vector<std::vector<LabelScore>> scores;
    for (const auto& r : *rows) {
      const auto all = loaded->classifier->predict(r.text, -1);
      scores.push_back(all);
      truth.push_back(r.label);
      model_only.push_back(all.empty() ? "" : all[0].label);
      rules_only.push_back(rules->decide(r.text, {}).label);
      combined.push_back(rules->decide(r.text, all).label);
    }
    std::printf("%s model %s on %zu messages\n", o.task.c_str(), o.model.c_str(), rows->size());
    report();
    print_reliability(scores, truth);
    return 0;
  }
  const ml::Trainer trainer = [&o](const std::vector<ml::LabelledText>& train_rows) {
    return train_classifier(o, train_rows);
  };
  auto cv = ml::cross_validate(*rows, trainer, o.folds, o.cv_seed, [](int f, double acc) {
    std::fprintf(stderr, "fold %d: accuracy %.4f\n", f + 1, acc);
  });
  if (!cv) return report_error(cv.error());
  truth = cv->truth;
  model_only = cv->predicted;
  for (std::size_t i = 0; i < cv->truth.size(); ++i) {
    rules_only.push_back(rules->decide(cv->tested_text[i], {}).label);
    combined.push_back(rules->decide(cv->tested_text[i], cv->scores[i]).label);
  }
  std::printf("%s (%s): %d-fold cross-validation over %zu rows in %zu message groups (seed %u)\n",
              o.task.c_str(), o.algorithm.c_str(), o.folds, cv->rows, cv->groups, o.cv_seed);
  std::printf("fold accuracy (model):");
  for (double a : cv->fold_accuracy) std::printf(" %.4f", a);
  std::printf("\ntraining time: %.1f s over %d folds\n", cv->train_seconds, o.folds);
  std::printf("calibration error (top confidence, 10 bins): %.4f\n", cv->calibration_error);
  print_reliability(cv->scores, cv->truth);
  report();
  if (cv->raw.n > 0 && cv->raw.n != cv->all.n)
    print_scores("model, raw-text messages", cv->raw, false);
  return 0;
}

// DIS-8: the office's own labels. Every work order's request (through the
// work-order list, the store's only listing) gives its items' text with the
// category the office registered, and the request's type and urgency.
int export_training(const GlobalOptions& g, const ModelOptions& o) {
  if (auto st = check_task(o.task); !st) return report_error(st.error());
  GlobalOptions with_db = g;
  if (!o.db.empty()) with_db.db = o.db;
  auto options = platform_options(with_db);
  options.with_security = true;  // the data key decrypts personal data
  auto platform = open_platform(options);
  if (!platform) return report_error(platform.error());
  auto& store = *(*platform)->store;
  std::vector<ml::LabelledText> rows;
  std::vector<std::string> seen;
  WorkOrderFilter filter;
  filter.limit = 500;
  for (;;) {
    auto page = store.list_work_orders(filter);
    if (!page) return report_error(page.error());
    for (const auto& summary : *page) {
      if (std::find(seen.begin(), seen.end(), summary.request) != seen.end()) continue;
      seen.push_back(summary.request);
      auto events = store.load(summary.request);
      if (!events) return report_error(events.error());
      // The folded request: the office's corrections (RequestReclassified,
      // DIS-8) replace what was registered, so they are the labels.
      auto request = fold_request(*events);
      if (!request) return report_error(request.error());
      const auto& d = request->details;
      if (o.task == "category") {
        for (const auto& item : d.items) {
          if (item.category.empty()) continue;
          std::string label = item.category;
          // "城乡建设/安全生产/安全隐患": keep the first `level` levels.
          std::size_t cut = 0;
          for (int l = 0; l < o.level && cut != std::string::npos; ++l) {
            cut = label.find('/', cut == 0 && l == 0 ? 0 : cut + 1);
          }
          if (cut != std::string::npos) label.resize(cut);
          rows.push_back({d.subject + " " + item.text, label, summary.request});
        }
      } else {
        const std::string label(o.task == "type" ? to_string(d.type) : to_string(d.urgency));
        rows.push_back({d.subject + " " + d.detail, label, summary.request});
      }
    }
    if (page->size() < filter.limit) break;
    filter.offset += filter.limit;
  }
  if (auto st = ml::write_labelled_tsv(o.out, rows); !st) return report_error(st.error());
  std::fprintf(stderr, "已导出 %zu 条带标签的消息（%zu 件诉求）→ %s\n", rows.size(), seen.size(),
               o.out.c_str());
  return 0;
}

}  // namespace

void add_model_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<ModelOptions>();
  auto* model = app.add_subcommand("model", "文本分类模型：训练、预测、评估、导出训练数据");
  model->require_subcommand(1);

  auto* train_cmd = model->add_subcommand("train", "从带标签的 TSV 训练分类模型");
  train_cmd->add_option("--data", o->data, "TSV with a header: text or subject+detail, label")
      ->required();
  train_cmd->add_option("--out", o->out, "model file to write")->required();
  train_cmd->add_option("--task", o->task, "category|type|urgency")->capture_default_str();
  train_cmd->add_option("--label-column", o->label_column, "label column (default label)");
  add_train_options(train_cmd, *o);
  train_cmd->callback([o, &exit_code] { exit_code = train(*o); });

  auto* predict_cmd =
      model->add_subcommand("predict", "逐行读取标准输入的消息，输出“标签<TAB>置信度”");
  predict_cmd->add_option("--model", o->model, "model file")->required();
  predict_cmd->add_option("--top", o->top, "labels per line (category models)")
      ->capture_default_str();
  add_rule_options(predict_cmd, *o);
  predict_cmd->callback([o, &g, &exit_code] { exit_code = predict(g, *o); });

  auto* eval_cmd = model->add_subcommand("evaluate", "交叉验证，或用已训练模型评估");
  eval_cmd->add_option("--data", o->data, "labelled TSV files")->required();
  eval_cmd->add_option("--model", o->model, "evaluate this model instead of cross-validating");
  eval_cmd->add_option("--folds", o->folds, "cross-validation folds")->capture_default_str();
  eval_cmd->add_option("--cv-seed", o->cv_seed, "fold shuffling seed")->capture_default_str();
  eval_cmd->add_option("--task", o->task, "category|type|urgency")->capture_default_str();
  eval_cmd->add_option("--label-column", o->label_column, "label column (default label)");
  add_train_options(eval_cmd, *o);
  add_rule_options(eval_cmd, *o);
  eval_cmd->callback([o, &g, &exit_code] { exit_code = evaluate(g, *o); });

  auto* export_cmd = model->add_subcommand("export-training",
                                           "从平台自身的办理记录导出训练数据（text<TAB>label）");
  export_cmd->add_option("--db", o->db, "SQLite database (default the global --db)");
  export_cmd->add_option("--out", o->out, "TSV file to write")->required();
  export_cmd->add_option("--task", o->task, "category|type|urgency")->capture_default_str();
  export_cmd->add_option("--level", o->level, "category levels to keep")->capture_default_str();
  export_cmd->callback([o, &g, &exit_code] { exit_code = export_training(g, *o); });
}

}  // namespace hotline::cli
