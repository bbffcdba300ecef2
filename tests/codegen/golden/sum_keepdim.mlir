// ---- kernel0: r1:cb
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %v8 = arith.constant 0x00000000 : f32
    %v9 = vector.broadcast %v8 : f32 to vector<64xf32>
    %v11:1 = scf.for %v10 = %c0 to %vend64 step %cw64 iter_args(%v10_acc0 = %v9) -> (vector<64xf32>) : i64 {
      %v13 = arith.addi %base0, %v10 : i64
      %v14 = llvm.getelementptr %ptr0[%v13] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v12 = llvm.load %v14 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v15 = arith.addf %v10_acc0, %v12 fastmath<contract> : vector<64xf32>
      scf.yield %v15 : vector<64xf32>
    }
    %v16 = vector.reduction <add>, %v11#0 : vector<64xf32> into f32
    %v17 = arith.addf %v8, %v16 : f32
    %v18 = vector.broadcast %v8 : f32 to vector<16xf32>
    %v20:1 = scf.for %v19 = %vend64 to %vend16 step %cw16 iter_args(%v19_acc0 = %v18) -> (vector<16xf32>) : i64 {
      %v22 = arith.addi %base0, %v19 : i64
      %v23 = llvm.getelementptr %ptr0[%v22] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v21 = llvm.load %v23 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v24 = arith.addf %v19_acc0, %v21 fastmath<contract> : vector<16xf32>
      scf.yield %v24 : vector<16xf32>
    }
    %v25 = vector.reduction <add>, %v20#0 : vector<16xf32> into f32
    %v26 = arith.addf %v17, %v25 : f32
    %v28:1 = scf.for %v27 = %vend16 to %len step %c1 iter_args(%v27_acc0 = %v26) -> (f32) : i64 {
      %v30 = arith.addi %base0, %v27 : i64
      %v31 = llvm.getelementptr %ptr0[%v30] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v29 = llvm.load %v31 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v32 = arith.addf %v27_acc0, %v29 fastmath<contract> : f32
      scf.yield %v32 : f32
    }
    %v33 = llvm.getelementptr %ptr1[%base1] : (!llvm.ptr, i64) -> !llvm.ptr, f32
    llvm.store %v28#0, %v33 : f32, !llvm.ptr
  }
  return
}
