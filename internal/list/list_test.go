package list_test

import (
	"slices"
	"testing"

	"go.uber.org/goleak"
	"pgregory.net/rapid"

	"github.com/corio-go/corio/internal/list"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

type item struct {
	links list.Links[item]
	v     int
}

func (i *item) Links() *list.Links[item] { return &i.links }

func contents(l *list.List[item, *item]) []int {
	var out []int
	for e := l.Front(); e != nil; e = l.Next(e) {
		out = append(out, e.v)
	}
	return out
}

// The list behaves as a slice in insertion order, whatever the mix of
// pushes and removals, from anywhere in it.
func TestListIsASliceInOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var l list.List[item, *item]
		var model []*item
		next := 0
		t.Repeat(map[string]func(*rapid.T){
			"push": func(*rapid.T) {
				e := &item{v: next}
				next++
				l.PushBack(e)
				model = append(model, e)
			},
			"remove": func(t *rapid.T) {
				if len(model) == 0 {
					return
				}
				i := rapid.IntRange(0, len(model)-1).Draw(t, "i")
				if !l.Remove(model[i]) {
					t.Fatal("Remove of an element in the list reported false")
				}
				if l.Remove(model[i]) || l.Contains(model[i]) {
					t.Fatal("an element removed is still in the list")
				}
				model = slices.Delete(model, i, i+1)
			},
			"": func(t *rapid.T) {
				var want []int
				for _, e := range model {
					want = append(want, e.v)
				}
				if got := contents(&l); !slices.Equal(got, want) || l.Len() != len(want) {
					t.Fatalf("list %v (len %d), want %v", got, l.Len(), want)
				}
			},
		})
	})
}

func TestPushBackTwicePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("PushBack of an element in a list did not panic")
		}
	}()
	var l list.List[item, *item]
	e := &item{}
	l.PushBack(e)
	l.PushBack(e)
}

// later holds its links after other fields, as a task does: the list finds
// them at their offset.
type later struct {
	name  string
	v     int
	links list.Links[later]
}

func (l *later) Links() *list.Links[later] { return &l.links }

func TestLinksAtAnOffset(t *testing.T) {
	var l list.List[later, *later]
	es := []*later{{name: "a", v: 1}, {name: "b", v: 2}, {name: "c", v: 3}}
	for _, e := range es {
		l.PushBack(e)
	}
	if !l.Remove(es[1]) || l.Contains(es[1]) || !l.Contains(es[2]) {
		t.Fatal("Remove or Contains is wrong for links at an offset")
	}
	var got []string
	for e := l.Front(); e != nil; e = l.Next(e) {
		got = append(got, e.name)
	}
	if !slices.Equal(got, []string{"a", "c"}) || l.Len() != 2 {
		t.Errorf("list %v (len %d), want [a c]", got, l.Len())
	}
}
