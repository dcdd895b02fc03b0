#pragma once
// The contract of the AnalysisCheckpointStore port
// (core/ports/analysis_checkpoint.h), a typed gtest suite every
// implementation runs: SQLite in adapter_tests
// (tests/adapters/analysis_checkpoint_contract_sqlite_test.cc), PostgreSQL in
// pg_tests (tests/postgresql/pg_analysis_checkpoint_contract_test.cc). The
// factory has set_up(), open() and tear_down(), as for
// work_order_store_contract.h; open() may be called again to reopen the same
// storage (a restart).
//
// SPEC: ANA-1 (the projection resumes from its checkpoint: state and cursor
// saved together, bytes intact), ANA-2 (the office's sensitive-word watch
// list, kept apart from the projection).

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "core/ports/analysis_checkpoint.h"

namespace hotline::testing {

template <typename Factory>
class AnalysisCheckpointContract : public ::testing::Test {
 protected:
  void SetUp() override {
    factory_.set_up();
    store_ = factory_.open();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    factory_.tear_down();
  }

  // Every byte value, NUL first, and more than a page of them.
  static std::string binary_state(std::size_t size) {
    std::string s(size, '\0');
    for (std::size_t i = 0; i < size; ++i) s[i] = static_cast<char>(i * 7 % 256);
    return s;
  }

  Factory factory_;
  std::unique_ptr<AnalysisCheckpointStore> store_;
};

TYPED_TEST_SUITE_P(AnalysisCheckpointContract);

TYPED_TEST_P(AnalysisCheckpointContract, ANA_1_none_until_one_is_saved) {
  auto loaded = this->store_->load();
  ASSERT_TRUE(loaded) << loaded.error().describe();
  EXPECT_FALSE(loaded->has_value());
  auto words = this->store_->load_watch_list();
  ASSERT_TRUE(words) << words.error().describe();
  EXPECT_TRUE(words->empty());
}

TYPED_TEST_P(AnalysisCheckpointContract, ANA_1_state_and_cursor_come_back_byte_for_byte) {
  const std::string state = this->binary_state(300'000);
  ASSERT_TRUE(this->store_->save({4711, state}));
  auto loaded = this->store_->load();
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->cursor, 4711);
  ASSERT_EQ((*loaded)->state.size(), state.size());
  EXPECT_EQ((*loaded)->state, state);
}

// A save replaces the checkpoint whole: the newer cursor with its own state,
// never the older state beyond a shorter newer one.
TYPED_TEST_P(AnalysisCheckpointContract, ANA_1_a_save_replaces_the_checkpoint_whole) {
  ASSERT_TRUE(this->store_->save({10, this->binary_state(5000)}));
  ASSERT_TRUE(this->store_->save({25, std::string("\0short", 6)}));
  auto loaded = this->store_->load();
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->cursor, 25);
  EXPECT_EQ((*loaded)->state, std::string("\0short", 6));
  // An empty state is a state.
  ASSERT_TRUE(this->store_->save({26, ""}));
  loaded = this->store_->load();
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->cursor, 26);
  EXPECT_EQ((*loaded)->state, "");
}

// A restart (the store opened again on the same storage) resumes from what
// was saved; the watch list and the checkpoint do not touch each other.
TYPED_TEST_P(AnalysisCheckpointContract, ANA_1_ANA_2_a_restart_finds_the_checkpoint_and_list) {
  ASSERT_TRUE(this->store_->save({99, "state 99"}));
  ASSERT_TRUE(this->store_->save_watch_list({"上访", "𠮷𡒄"}));
  ASSERT_TRUE(this->store_->save({100, "state 100"}));
  this->store_.reset();
  this->store_ = this->factory_.open();
  ASSERT_NE(this->store_, nullptr);
  auto loaded = this->store_->load();
  ASSERT_TRUE(loaded && loaded->has_value());
  EXPECT_EQ((*loaded)->cursor, 100);
  EXPECT_EQ((*loaded)->state, "state 100");
  EXPECT_EQ(*this->store_->load_watch_list(), (std::vector<std::string>{"上访", "𠮷𡒄"}));
}

TYPED_TEST_P(AnalysisCheckpointContract, ANA_2_the_watch_list_is_replaced_whole_in_order) {
  auto& s = *this->store_;
  const std::vector<std::string> words{"集体上访", "𠮷", "自焚", "a word of 64 bytes or less 𡒄"};
  ASSERT_TRUE(s.save_watch_list(words));
  EXPECT_EQ(*s.load_watch_list(), words) << "in the order saved";
  ASSERT_TRUE(s.save_watch_list({"跳楼"}));
  EXPECT_EQ(*s.load_watch_list(), (std::vector<std::string>{"跳楼"}));
  ASSERT_TRUE(s.save_watch_list({}));
  EXPECT_TRUE(s.load_watch_list()->empty());
  EXPECT_FALSE(s.load()->has_value()) << "the list is not a checkpoint";
}

// Every store refuses text that is not UTF-8 or holds NUL (PostgreSQL's text
// cannot hold U+0000) before it writes, naming the word; the list saved
// before stays.
TYPED_TEST_P(AnalysisCheckpointContract, ANA_2_a_word_not_utf8_or_with_nul_is_refused) {
  auto& s = *this->store_;
  ASSERT_TRUE(s.save_watch_list({"上访"}));
  for (const std::string& bad :
       {std::string("自\0焚", 7), std::string("\xe8\x87"), std::string("\xc0\xaf")}) {
    auto st = s.save_watch_list({"跳楼", bad});
    ASSERT_FALSE(st);
    EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(st.error().field, "words[1]");
    EXPECT_FALSE(st.error().message_zh.empty());
  }
  EXPECT_EQ(*s.load_watch_list(), (std::vector<std::string>{"上访"}));
}

REGISTER_TYPED_TEST_SUITE_P(AnalysisCheckpointContract, ANA_1_none_until_one_is_saved,
                            ANA_1_state_and_cursor_come_back_byte_for_byte,
                            ANA_1_a_save_replaces_the_checkpoint_whole,
                            ANA_1_ANA_2_a_restart_finds_the_checkpoint_and_list,
                            ANA_2_the_watch_list_is_replaced_whole_in_order,
                            ANA_2_a_word_not_utf8_or_with_nul_is_refused);

}  // namespace hotline::testing
