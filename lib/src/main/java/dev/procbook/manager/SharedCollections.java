package dev.procbook.manager;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The map and list behind {@link Manager#map()} and {@link Manager#list()}, Python's {@code dict()} and
 * {@code list()} of a {@code SyncManager}. They live in the manager, where their calls run one at a time; what
 * would be a view of them ({@code keySet}, {@code entrySet}, {@code values}, {@code subList}) is returned as a copy,
 * as a Python dict proxy's {@code keys()} returns a list, since a view cannot follow its map into another process.
 */
final class SharedCollections {

    private SharedCollections() {
    }

    /** A map in insertion order, as a Python dict keeps it. */
    static final class SharedMap<K, V> implements Map<K, V> {
        private final LinkedHashMap<K, V> map = new LinkedHashMap<>();

        @Override
        public int size() {
            return map.size();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public boolean containsKey(Object key) {
            return map.containsKey(key);
        }

        @Override
        public boolean containsValue(Object value) {
            return map.containsValue(value);
        }

        @Override
        public V get(Object key) {
            return map.get(key);
        }

        @Override
        public V put(K key, V value) {
            return map.put(key, value);
        }

        @Override
        public V remove(Object key) {
            return map.remove(key);
        }

        @Override
        public void putAll(Map<? extends K, ? extends V> m) {
            map.putAll(m);
        }

        @Override
        public void clear() {
            map.clear();
        }

        /** A copy of the keys. */
        @Override
        public Set<K> keySet() {
            return new LinkedHashSet<>(map.keySet());
        }

        /** A copy of the values. */
        @Override
        public Collection<V> values() {
            return new ArrayList<>(map.values());
        }

        /** A copy of the entries, each an immutable pair that can travel. */
        @Override
        public Set<Entry<K, V>> entrySet() {
            Set<Entry<K, V>> out = new LinkedHashSet<>();
            for (Entry<K, V> e : map.entrySet()) {
                out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
            }
            return out;
        }

        @Override
        public V getOrDefault(Object key, V defaultValue) {
            return map.getOrDefault(key, defaultValue);
        }

        @Override
        public V putIfAbsent(K key, V value) {
            return map.putIfAbsent(key, value);
        }

        @Override
        public boolean remove(Object key, Object value) {
            return map.remove(key, value);
        }

        @Override
        public boolean replace(K key, V oldValue, V newValue) {
            return map.replace(key, oldValue, newValue);
        }

        @Override
        public V replace(K key, V value) {
            return map.replace(key, value);
        }

        @Override
        public void replaceAll(BiFunction<? super K, ? super V, ? extends V> function) {
            map.replaceAll(function);
        }

        @Override
        public V computeIfAbsent(K key, Function<? super K, ? extends V> f) {
            return map.computeIfAbsent(key, f);
        }

        @Override
        public V computeIfPresent(K key, BiFunction<? super K, ? super V, ? extends V> f) {
            return map.computeIfPresent(key, f);
        }

        @Override
        public V compute(K key, BiFunction<? super K, ? super V, ? extends V> f) {
            return map.compute(key, f);
        }

        @Override
        public V merge(K key, V value, BiFunction<? super V, ? super V, ? extends V> f) {
            return map.merge(key, value, f);
        }

        @Override
        public boolean equals(Object o) {
            return o == this || map.equals(o);
        }

        @Override
        public int hashCode() {
            return map.hashCode();
        }

        @Override
        public String toString() {
            return map.toString();
        }
    }

    /** A list backed by an array list. */
    static final class SharedList<E> extends AbstractList<E> {
        private final ArrayList<E> list = new ArrayList<>();

        @Override
        public E get(int index) {
            return list.get(index);
        }

        @Override
        public int size() {
            return list.size();
        }

        @Override
        public E set(int index, E element) {
            return list.set(index, element);
        }

        @Override
        public void add(int index, E element) {
            list.add(index, element);
        }

        @Override
        public boolean add(E element) {
            return list.add(element);
        }

        @Override
        public E remove(int index) {
            return list.remove(index);
        }

        @Override
        public boolean addAll(Collection<? extends E> c) {
            return list.addAll(c);
        }

        @Override
        public void clear() {
            list.clear();
        }

        @Override
        public Object[] toArray() {
            return list.toArray();
        }

        @Override
        public <T> T[] toArray(T[] a) {
            return list.toArray(a);
        }

        /** A copy of the elements from {@code from} to {@code to}. */
        @Override
        public List<E> subList(int from, int to) {
            return new ArrayList<>(list.subList(from, to));
        }
    }
}
